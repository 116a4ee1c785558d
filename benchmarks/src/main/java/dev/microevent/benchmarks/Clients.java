package dev.microevent.benchmarks;

import dev.microevent.core.CallEvent;
import dev.microevent.core.CallListener;
import dev.microevent.core.CircuitBreakerConfig;
import dev.microevent.core.Intent;
import dev.microevent.core.IntentPolicy;
import dev.microevent.core.MicroEventClient;
import dev.microevent.core.Plane;
import dev.microevent.core.RateLimit;
import dev.microevent.core.RetryConfig;
import dev.microevent.core.spi.TransportBinding;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import javax.net.SocketFactory;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * The clients every benchmark compares, configured once here so that each comparison is like for
 * like: raw OkHttp with the SDK transport's own settings, the SDK with every feature on, and the
 * resilience settings (rate limit, bulkhead, breaker, retry) the Failsafe and Resilience4j
 * baselines mirror.
 */
final class Clients {
  /** A rate limit no benchmark reaches, so the limiter does its bookkeeping and never refuses. */
  static final long RATE_PER_SECOND = 1_000_000_000L;
  /** A bulkhead wider than the most callers a benchmark runs (64). */
  static final int BULKHEAD = 1024;
  /** The SDK's default breaker and retry, which the baselines copy. */
  static final CircuitBreakerConfig BREAKER = CircuitBreakerConfig.defaults();
  static final RetryConfig RETRY = RetryConfig.defaults();
  /**
   * READ's timeouts, raised from 1 s per attempt and 3 s per call: on a loaded machine a caller
   * among 64 can wait that long for a core, and a timed-out call is a failure, not a figure. The
   * work per call is the same.
   */
  static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(10);
  static final Duration DEADLINE = Duration.ofSeconds(30);

  private Clients() {}

  /**
   * OkHttp as the SDK's transport configures it (no OkHttp retries or redirects, the same
   * timeouts and pool size), so the comparison measures the SDK's own work, not a configuration
   * difference.
   *
   * @param sockets where connections come from, or null for the network
   */
  static OkHttpClient rawOkHttp(@Nullable SocketFactory sockets) {
    OkHttpClient.Builder b = new OkHttpClient.Builder()
        .retryOnConnectionFailure(false)
        .followRedirects(false)
        .followSslRedirects(false)
        .connectTimeout(Duration.ofSeconds(5))
        .readTimeout(Duration.ofSeconds(30))
        .writeTimeout(Duration.ofSeconds(30))
        .connectionPool(new ConnectionPool(16, 5, TimeUnit.MINUTES));
    if (sockets != null) {
      b.socketFactory(sockets);
    }
    return b.build();
  }

  /** Stops a raw client's threads and connections. */
  static void close(OkHttpClient client) {
    client.connectionPool().evictAll();
    client.dispatcher().executorService().shutdown();
  }

  /**
   * The SDK with every feature on: an edge plane and a central plane (both the given server),
   * active health checks and config sync in the background, passive outlier detection, anomaly
   * detection, error budgets, trace context, a call listener, all meters (a
   * {@link io.micrometer.core.instrument.simple.SimpleMeterRegistry}), and READ's policy with a
   * rate limit and a bulkhead on top of its default breaker and retries (timeouts: {@link
   * #ATTEMPT_TIMEOUT}, {@link #DEADLINE}).
   *
   * @param base the server: health checks and config sync always go there over the network
   * @param registry where the meters go
   * @param calls where READ calls' connections come from, or null for the network
   */
  static MicroEventClient sdk(URI base, MeterRegistry registry, @Nullable SocketFactory calls) {
    IntentPolicy read = IntentPolicy.defaultsFor(Intent.READ).toBuilder()
        .attemptTimeout(ATTEMPT_TIMEOUT)
        .deadline(DEADLINE)
        .rateLimit(RateLimit.perSecond(RATE_PER_SECOND))
        .bulkhead(BULKHEAD)
        .circuitBreaker(BREAKER)
        .retry(RETRY)
        .build();
    LongAdder finished = new LongAdder();
    MicroEventClient.Builder b = MicroEventClient.builder()
        .addEdgePlane(Plane.edge("bench-edge", base, 0))
        .centralPlane(Plane.central(base))
        .meterRegistry(registry)
        .policy(Intent.READ, read)
        .addCallListener(new CallListener() {
          @Override
          public void onCall(CallEvent event) {
            finished.increment();
          }
        });
    if (calls != null) {
      TransportBinding memory = TransportBinding.of("memory", calls, null);
      b.transportBinder((intent, plane) -> Intent.READ.equals(intent) ? memory : TransportBinding.DEFAULT);
    }
    return b.build();
  }
}
