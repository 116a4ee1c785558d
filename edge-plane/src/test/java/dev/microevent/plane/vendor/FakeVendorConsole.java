package dev.microevent.plane.vendor;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A JS-heavy vendor console on loopback: a login form that signs in through {@code fetch} and a
 * session cookie, a dashboard whose values the page's script renders after a delay (from an API
 * that needs the cookie), and one value on a second page. {@link #changeLayout()} renames the load
 * value's element, as a vendor update would; {@link #hang()} makes the dashboard never answer.
 */
final class FakeVendorConsole implements AutoCloseable {
  static final String USER = "ops";
  static final String PASSWORD = "s3cret-Pa55word!";

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "fake-console");
    t.setDaemon(true);
    return t;
  });
  private final CountDownLatch release = new CountDownLatch(1);
  private volatile boolean newLayout;
  private volatile boolean hanging;

  FakeVendorConsole() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  void changeLayout() {
    newLayout = true;
  }

  void hang() {
    hanging = true;
  }

  private void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    String cookie = String.valueOf(ex.getRequestHeaders().getFirst("Cookie"));
    boolean signedIn = cookie.contains("session=ok");
    switch (path) {
      case "/login.html" -> send(ex, 200, "text/html", LOGIN);
      case "/api/login" -> {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (body.equals("{\"user\":\"" + USER + "\",\"password\":\"" + PASSWORD + "\"}")) {
          ex.getResponseHeaders().add("Set-Cookie", "session=ok; Path=/; HttpOnly");
          send(ex, 200, "application/json", "{\"ok\":true}");
        } else {
          send(ex, 401, "application/json", "{\"error\":\"invalid credentials\"}");
        }
      }
      case "/dashboard.html" -> {
        if (hanging) {
          try {
            release.await(60, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        send(ex, 200, "text/html", DASHBOARD.replace("LOAD_ID", newLayout ? "load-pct" : "load"));
      }
      case "/power.html" -> send(ex, 200, "text/html", POWER);
      case "/api/values" -> {
        if (!signedIn) {
          send(ex, 401, "application/json", "{\"error\":\"signed out\"}");
        } else {
          send(ex, 200, "application/json", "{\"load\":\"42.5 %\",\"temp\":\"21,5 °C\",\"battery\":\"87 %\"}");
        }
      }
      default -> send(ex, 404, "text/plain", "not found");
    }
  }

  private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", type + "; charset=utf-8");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
    threads.shutdownNow();
  }

  private static final String LOGIN = """
      <!DOCTYPE html><html><head><title>Vendor console</title></head><body>
      <div id="app">loading…</div>
      <script>
      setTimeout(() => {
        document.getElementById('app').innerHTML =
          '<form id="f"><input id="user" autocomplete="off"><input id="pass" type="password">' +
          '<button id="signin" type="submit">Sign in</button></form>';
        document.getElementById('f').addEventListener('submit', async (e) => {
          e.preventDefault();
          const r = await fetch('/api/login', {method: 'POST', headers: {'Content-Type': 'application/json'},
            body: JSON.stringify({user: document.getElementById('user').value,
                                  password: document.getElementById('pass').value})});
          if (r.ok) { location.href = '/dashboard.html'; }
          else { const d = document.createElement('div'); d.className = 'login-error';
                 d.textContent = 'Invalid user name or password'; document.body.appendChild(d); }
        });
      }, 200);
      </script></body></html>
      """;

  private static final String DASHBOARD = """
      <!DOCTYPE html><html><head><title>Dashboard</title></head><body>
      <div id="app">loading…</div>
      <script>
      fetch('/api/values').then(r => { if (r.status === 401) { location.href = '/login.html'; return null; }
                                       return r.json(); })
        .then(v => { if (!v) return; setTimeout(() => {
          document.getElementById('app').innerHTML = '<div id="dashboard"><h1>UPS</h1>' +
            '<p>Load <span id="LOAD_ID">' + v.load + '</span></p>' +
            '<p>Temperature <span class="temp">' + v.temp + '</span></p>' +
            '<a href="/power.html">Power</a></div>';
        }, 400); });
      </script></body></html>
      """;

  private static final String POWER = """
      <!DOCTYPE html><html><head><title>Power</title></head><body>
      <div id="app">loading…</div>
      <script>
      fetch('/api/values').then(r => r.json()).then(v => setTimeout(() => {
        document.getElementById('app').innerHTML =
          '<div id="battery">Battery <span class="value">' + v.battery + '</span></div>';
      }, 300));
      </script></body></html>
      """;
}
