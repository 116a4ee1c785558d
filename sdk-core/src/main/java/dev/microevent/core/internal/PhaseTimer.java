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
 * One instance per attempt, added to the attempt's call ({@link #attachTo}) when meters are on:
 * calls that are not an attempt at a plane (health checks, config sync, remote calls) get none.
 * OkHttp calls it on the calling thread. Timed on the client's ticker.
 */
final class PhaseTimer extends EventListener {
  /** A phase that has not started. */
  private static final long NOT_STARTED = Long.MIN_VALUE;

  private final ClientMeters meters;
  private final Ticker ticker;
  private final String plane;
  /** When DNS started, then when TCP connect started (moved on by the TLS time once TLS ends). */
  private long start = NOT_STARTED;
  private long secureStart = NOT_STARTED;
  private long requestSent = NOT_STARTED;

  private PhaseTimer(ClientMeters meters, Ticker ticker, String plane) {
    this.meters = meters;
    this.ticker = ticker;
    this.plane = plane;
  }

  /**
   * Times the phases of one attempt's exchange, when meters are on. The plane is known here, so
   * the request carries no tag for it.
   *
   * @param call the attempt's call, not yet executed
   * @param plane the plane it goes to
   */
  static void attachTo(Call call, Plane plane, ClientMeters meters, Ticker ticker) {
    if (meters.enabled()) {
      call.addEventListener(new PhaseTimer(meters, ticker, plane.id()));
    }
  }

  private void record(String phase, long startNanos) {
    if (startNanos != NOT_STARTED) {
      meters.phase(plane, phase, ticker.read() - startNanos);
    }
  }

  @Override
  public void dnsStart(Call call, String domainName) {
    start = ticker.read();
  }

  @Override
  public void dnsEnd(Call call, String domainName, List<InetAddress> inetAddressList) {
    record("dns", start);
  }

  @Override
  public void connectStart(Call call, InetSocketAddress inetSocketAddress, Proxy proxy) {
    start = ticker.read();
  }

  @Override
  public void secureConnectStart(Call call) {
    secureStart = ticker.read();
  }

  @Override
  public void secureConnectEnd(Call call, @Nullable Handshake handshake) {
    if (secureStart != NOT_STARTED) {
      long tls = ticker.read() - secureStart;
      meters.phase(plane, "tls", tls);
      if (start != NOT_STARTED) {
        start += tls; // the connect phase is TCP alone
      }
    }
  }

  @Override
  public void connectEnd(Call call, InetSocketAddress inetSocketAddress, Proxy proxy, @Nullable Protocol protocol) {
    record("connect", start);
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
