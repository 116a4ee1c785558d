package dev.microevent.core.internal;

import dev.microevent.core.Plane;
import dev.microevent.core.time.Ticker;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.util.List;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.Handshake;
import okhttp3.Protocol;
import org.jspecify.annotations.Nullable;

/**
 * Per-exchange phase timings from OkHttp's events: DNS, TCP connect (without TLS), TLS and time
 * to first byte, recorded as {@code microevent.client.phases} with the plane's id. Pooled
 * connections skip DNS, connect and TLS, so those phases are recorded only when they happen.
 * One instance per call; OkHttp calls it on the calling thread. Timed on the client's ticker.
 */
final class PhaseTimer extends EventListener {
  /** A phase that has not started. */
  private static final long NOT_STARTED = Long.MIN_VALUE;

  private final ClientMeters meters;
  private final Ticker ticker;
  private @Nullable String plane;
  private long dnsStart = NOT_STARTED;
  private long connectStart = NOT_STARTED;
  private long secureStart = NOT_STARTED;
  private long tlsNanos;
  private long requestSent = NOT_STARTED;

  PhaseTimer(ClientMeters meters, Ticker ticker) {
    this.meters = meters;
    this.ticker = ticker;
  }

  /** The factory to install on the client's OkHttpClient. */
  static EventListener.Factory factory(ClientMeters meters, Ticker ticker) {
    return call -> meters.enabled() ? new PhaseTimer(meters, ticker) : EventListener.NONE;
  }

  private void record(String phase, long startNanos) {
    String p = plane;
    if (p != null && startNanos != NOT_STARTED) {
      meters.phase(p, phase, ticker.read() - startNanos);
    }
  }

  @Override
  public void callStart(Call call) {
    Plane tagged = call.request().tag(Plane.class);
    plane = tagged == null ? null : tagged.id();
  }

  @Override
  public void dnsStart(Call call, String domainName) {
    dnsStart = ticker.read();
  }

  @Override
  public void dnsEnd(Call call, String domainName, List<InetAddress> inetAddressList) {
    record("dns", dnsStart);
  }

  @Override
  public void connectStart(Call call, InetSocketAddress inetSocketAddress, Proxy proxy) {
    connectStart = ticker.read();
    tlsNanos = 0;
  }

  @Override
  public void secureConnectStart(Call call) {
    secureStart = ticker.read();
  }

  @Override
  public void secureConnectEnd(Call call, @Nullable Handshake handshake) {
    tlsNanos = ticker.read() - secureStart;
    record("tls", secureStart);
  }

  @Override
  public void connectEnd(Call call, InetSocketAddress inetSocketAddress, Proxy proxy, @Nullable Protocol protocol) {
    String p = plane;
    if (p != null && connectStart != NOT_STARTED) {
      meters.phase(p, "connect", ticker.read() - connectStart - tlsNanos);
    }
  }

  @Override
  public void requestHeadersEnd(Call call, okhttp3.Request request) {
    requestSent = ticker.read();
  }

  @Override
  public void requestBodyEnd(Call call, long byteCount) {
    requestSent = ticker.read();
  }

  @Override
  public void responseHeadersStart(Call call) {
    record("ttfb", requestSent);
  }
}
