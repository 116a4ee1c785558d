package dev.microevent.core.internal;

import dev.microevent.core.spi.WebSocketListener;
import dev.microevent.core.spi.WebSocketSession;
import dev.microevent.core.spi.WebSockets;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import org.jspecify.annotations.Nullable;

/**
 * {@link WebSockets} on the client's transport: each session's OkHttp client derives from the
 * transport's base client ({@code newBuilder()}), so it shares the connection pool and dispatcher
 * (and the base client's connect timeout); only the ping interval is its own. Open sessions are
 * cancelled when the client closes.
 */
final class DefaultWebSockets implements WebSockets, AutoCloseable {
  private final CoreRuntime runtime;
  private final Set<Session> open = ConcurrentHashMap.newKeySet();

  DefaultWebSockets(CoreRuntime runtime) {
    this.runtime = runtime;
  }

  @Override
  public WebSocketSession open(URI uri, Duration pingInterval, WebSocketListener listener) {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(pingInterval, "pingInterval");
    Objects.requireNonNull(listener, "listener");
    if (pingInterval.isNegative()) {
      throw new IllegalArgumentException("pingInterval must not be negative, got " + pingInterval);
    }
    HttpUrl url = httpUrl(uri);
    runtime.checkOpen();
    OkHttpClient client = runtime.transport().base().newBuilder().pingInterval(pingInterval).build();
    Session session = new Session(uri, listener);
    session.attach(client.newWebSocket(new Request.Builder().url(url).build(), session.relay()));
    open.add(session);
    if (session.ended) { // it ended before it was added: its last event could not remove it
      open.remove(session);
    }
    if (runtime.isClosed()) { // closed while opening: close() may have missed it
      session.cancel();
    }
    return session;
  }

  /** The URI as OkHttp's URL: ws(s) maps to http(s), the way OkHttp itself reads it. */
  private static HttpUrl httpUrl(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String http = switch (scheme) {
      case "ws", "http" -> "http";
      case "wss", "https" -> "https";
      default -> throw new IllegalArgumentException("a WebSocket URI must be absolute ws, wss, http or https, got '"
          + uri + "'");
    };
    HttpUrl url = HttpUrl.parse(http + uri.toString().substring(scheme.length()));
    if (url == null) {
      throw new IllegalArgumentException("not a valid WebSocket URI: '" + uri + "'");
    }
    return url;
  }

  /** Cancels every open session. */
  @Override
  public void close() {
    List<Session> all = new ArrayList<>(open);
    all.forEach(Session::cancel);
  }

  @Override
  public String toString() {
    return "WebSockets{open=" + open.size() + "}";
  }

  /** One session: hands OkHttp's events to the SPI listener, and leaves the open set when it ends. */
  private final class Session implements WebSocketSession {
    private final URI uri;
    private final WebSocketListener listener;
    private volatile @Nullable WebSocket socket;
    /** Set by the last event (closed or failed), before it leaves the open set. */
    volatile boolean ended;

    Session(URI uri, WebSocketListener listener) {
      this.uri = uri;
      this.listener = listener;
    }

    /** Set by open() when newWebSocket returns, and by each event (which may come before that). */
    void attach(WebSocket socket) {
      this.socket = socket;
    }

    private WebSocket socket() {
      return Objects.requireNonNull(socket, "socket");
    }

    @Override
    public URI uri() {
      return uri;
    }

    @Override
    public boolean send(String text) {
      Objects.requireNonNull(text, "text");
      return socket().send(text);
    }

    @Override
    public boolean close(int code, @Nullable String reason) {
      return socket().close(code, reason);
    }

    @Override
    public void cancel() {
      WebSocket s = socket;
      if (s != null) { // null only while open() has not attached it; open() checks for a close after
        s.cancel();
      }
    }

    // every listener call is guarded: what the module's listener throws never reaches OkHttp's threads
    okhttp3.WebSocketListener relay() {
      return new okhttp3.WebSocketListener() {
        @Override
        public void onOpen(WebSocket webSocket, Response response) {
          attach(webSocket);
          Guarded.run("websocket listener onOpen", () -> listener.onOpen(Session.this));
        }

        @Override
        public void onMessage(WebSocket webSocket, String text) {
          attach(webSocket);
          Guarded.run("websocket listener onText", () -> listener.onText(Session.this, text));
        }

        @Override
        public void onClosing(WebSocket webSocket, int code, String reason) {
          attach(webSocket);
          Guarded.run("websocket listener onClosing", () -> listener.onClosing(Session.this, code, reason));
        }

        @Override
        public void onClosed(WebSocket webSocket, int code, String reason) {
          attach(webSocket);
          ended = true;
          open.remove(Session.this);
          Guarded.run("websocket listener onClosed", () -> listener.onClosed(Session.this, code, reason));
        }

        @Override
        public void onFailure(WebSocket webSocket, Throwable t, @Nullable Response response) {
          attach(webSocket);
          ended = true;
          open.remove(Session.this);
          Guarded.run("websocket listener onFailure", () -> listener.onFailure(Session.this, t));
        }
      };
    }

    @Override
    public String toString() {
      return "WebSocketSession{" + uri + "}";
    }
  }
}
