package dev.microevent.core.internal;

import dev.microevent.core.EdgeRequest;
import dev.microevent.core.EdgeResponse;
import dev.microevent.core.SdkException;
import dev.microevent.core.spi.RemoteCalls;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import okhttp3.Call;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link RemoteCalls} on the client's transport: one exchange on the shared base client (default
 * network, its connection pool, the Retry-After shield, OkHttp's retries and redirects off),
 * bounded by the client's body limit, classified by {@link Outcomes}, timed on the client's ticker
 * and recorded as {@code microevent.remote.calls}.
 */
final class DefaultRemoteCalls implements RemoteCalls {
  private static final Logger log = LoggerFactory.getLogger(DefaultRemoteCalls.class);
  /** A source is a metric tag and part of messages: bounded, lower case. */
  private static final Pattern SOURCE = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,31}");

  private final CoreRuntime runtime;

  DefaultRemoteCalls(CoreRuntime runtime) {
    this.runtime = runtime;
  }

  @Override
  public EdgeResponse execute(String source, URI base, EdgeRequest request, Duration timeout) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(timeout, "timeout");
    if (!SOURCE.matcher(source).matches()) {
      throw new IllegalArgumentException("source must match " + SOURCE.pattern() + ", got '" + source + "'");
    }
    if (!(timeout.compareTo(Duration.ZERO) > 0)) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
    runtime.checkOpen();
    Transport transport = runtime.transport();
    Call call = transport.base().newCall(transport.remoteRequest(base, request));
    long timeoutNanos = Backoff.nanos(timeout);
    call.timeout().timeout(timeoutNanos, TimeUnit.NANOSECONDS);
    long t0 = runtime.ticker().read();
    Transport.Exchange ex = Transport.execute(call);
    long took = runtime.ticker().read() - t0;
    Outcomes.Classified answer = Outcomes.classify(ex, source, source, timeoutNanos, timeoutNanos, runtime.clock());
    runtime.clientMeters().remote(source, answer.outcome().tag(), ex.status(), took);
    SdkException failure = answer.failure();
    if (failure != null) {
      log.debug("{} to {} failed: {}", request.method(), source, failure.getMessage());
      throw failure;
    }
    return TrustedResponses.create(ex.status(), ex.headers(), ex.body(), source, 1, Duration.ofNanos(took), null);
  }

  @Override
  public String toString() {
    return "RemoteCalls{" + (runtime.isClosed() ? "closed" : "open") + "}";
  }
}
