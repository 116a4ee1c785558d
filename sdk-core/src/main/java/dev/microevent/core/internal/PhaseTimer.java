package dev.microevent.core.internal;

import dev.microevent.core.Plane;
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
 * One instance per call; OkHttp calls it on the calling thread.
 */
final class PhaseTimer extends EventListener {
  private final ClientMeters meters;
  private @Nullable String plane;
  private long dnsStart;
  private long connectStart;
  private long secureStart;
  private long tlsNanos;
  private long requestSent;

  PhaseTimer(ClientMeters meters) {
    this.meters = meters;
  }

  /** The factory to install on the client's OkHttpClient. */
  static EventListener.Factory factory(ClientMeters meters) {
    return call -> meters.enabled() ? new PhaseTimer(meters) : EventListener.NONE;
  }

  private void record(String phase, long startNanos) {
    String p = plane;
    if (p != null && startNanos != 0) {
      meters.phase(p, phase, System.nanoTime() - startNanos);
    }
  }

  @Override
  public void callStart(Call call) {
    Plane tagged = call.request().tag(Plane.class);
    plane = tagged == null ? null : tagged.id();
  }

  @Override
  public void dnsStart(Call call, String domainName) {
    dnsStart = System.nanoTime();
  }

  @Override
  public void dnsEnd(Call call, String domainName, List<InetAddress> inetAddressList) {
    record("dns", dnsStart);
  }

  @Override
  public void connectStart(Call call, InetSocketAddress inetSocketAddress, Proxy proxy) {
    connectStart = System.nanoTime();
    tlsNanos = 0;
  }

  @Override
  public void secureConnectStart(Call call) {
    secureStart = System.nanoTime();
  }

  @Override
  public void secureConnectEnd(Call call, @Nullable Handshake handshake) {
    tlsNanos = System.nanoTime() - secureStart;
    record("tls", secureStart);
  }

  @Override
  public void connectEnd(Call call, InetSocketAddress inetSocketAddress, Proxy proxy, @Nullable Protocol protocol) {
    String p = plane;
    if (p != null && connectStart != 0) {
      meters.phase(p, "connect", System.nanoTime() - connectStart - tlsNanos);
    }
  }

  @Override
  public void requestHeadersEnd(Call call, okhttp3.Request request) {
    requestSent = System.nanoTime();
  }

  @Override
  public void requestBodyEnd(Call call, long byteCount) {
    requestSent = System.nanoTime();
  }

  @Override
  public void responseHeadersStart(Call call) {
    record("ttfb", requestSent);
  }
}
