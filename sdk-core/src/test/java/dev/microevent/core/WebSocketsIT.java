package dev.microevent.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.microevent.core.spi.WebSocketListener;
import dev.microevent.core.spi.WebSocketSession;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.Response;
import okhttp3.WebSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Core's WebSocket path ({@code runtime().webSockets()}), protocol-neutral: text both ways, an
 * orderly close, a refused handshake, and a closing client that cancels what is open.
 */
class WebSocketsIT {
  private static final Duration AWAIT = Duration.ofSeconds(30);
  private final MockWebServer server = new MockWebServer();
  private MicroEventClient client;

  /** Echoes each text frame and answers a close with a close. */
  private static final class Echo extends okhttp3.WebSocketListener {
    @Override
    public void onMessage(WebSocket webSocket, String text) {
      webSocket.send("echo " + text);
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
      webSocket.close(code, reason);
    }

    @Override
    public void onOpen(WebSocket webSocket, Response response) {
      webSocket.send("hello");
    }
  }

  /** Everything the session's listener heard, in order, as text. */
  private static final class Heard implements WebSocketListener {
    final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void onOpen(WebSocketSession session) {
      events.add("open");
    }

    @Override
    public void onText(WebSocketSession session, String text) {
      events.add("text " + text);
    }

    @Override
    public void onClosing(WebSocketSession session, int code, String reason) {
      events.add("closing " + code);
    }

    @Override
    public void onClosed(WebSocketSession session, int code, String reason) {
      events.add("closed " + code + " " + reason);
    }

    @Override
    public void onFailure(WebSocketSession session, Throwable cause) {
      events.add("failure " + cause.getMessage());
    }
  }

  @BeforeEach
  void start() throws Exception {
    server.start(InetAddress.getLoopbackAddress(), 0);
    client = MicroEventClient.builder().centralPlane(Plane.central(URI.create("http://127.0.0.1:9")))
        .healthChecksEnabled(false).configSyncInterval(Duration.ZERO).build();
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    server.close();
  }

  private URI ws(String path) {
    return URI.create(server.url(path).toString().replaceFirst("^http", "ws"));
  }

  @Test
  void aSession_carriesTextBothWays_andClosesInOrder() {
    server.enqueue(new MockResponse.Builder().webSocketUpgrade(new Echo()).build());
    Heard heard = new Heard();

    WebSocketSession session = client.runtime().webSockets().open(ws("/ws"), Duration.ofSeconds(10), heard);
    assertThat(session.send("ping")).isTrue();
    await().atMost(AWAIT).until(() -> heard.events.contains("text echo ping"));
    assertThat(session.close(1000, "done")).isTrue();
    await().atMost(AWAIT).until(() -> heard.events.stream().anyMatch(e -> e.startsWith("closed")));

    assertThat(heard.events).containsExactly("open", "text hello", "text echo ping", "closing 1000", "closed 1000 done");
    assertThat(session.uri()).isEqualTo(ws("/ws"));
  }

  @Test
  void aRefusedHandshake_endsInOneFailure_namingTheStatus() {
    server.enqueue(new MockResponse.Builder().code(404).build());
    Heard heard = new Heard();

    client.runtime().webSockets().open(ws("/nowhere"), Duration.ZERO, heard);

    await().atMost(AWAIT).until(() -> !heard.events.isEmpty());
    assertThat(heard.events).singleElement().asString().startsWith("failure").contains("404");
  }

  @Test
  void closingTheClient_cancelsOpenSessions_andRefusesNewOnes() {
    server.enqueue(new MockResponse.Builder().webSocketUpgrade(new Echo()).build());
    Heard heard = new Heard();
    client.runtime().webSockets().open(ws("/ws"), Duration.ZERO, heard);
    await().atMost(AWAIT).until(() -> heard.events.contains("text hello"));

    client.close();

    await().atMost(AWAIT).until(() -> heard.events.stream().anyMatch(e -> e.startsWith("failure")));
    assertThatThrownBy(() -> client.runtime().webSockets().open(ws("/ws"), Duration.ZERO, new Heard()))
        .isInstanceOf(ClientClosedException.class);
  }

  @Test
  void aUriThatIsNoWebSocketAddress_orANegativePing_isRefusedAtOnce() {
    Heard heard = new Heard();

    assertThatThrownBy(() -> client.runtime().webSockets().open(URI.create("ftp://127.0.0.1/ws"), Duration.ZERO, heard))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ftp://127.0.0.1/ws");
    assertThatThrownBy(() -> client.runtime().webSockets().open(URI.create("/relative"), Duration.ZERO, heard))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> client.runtime().webSockets().open(ws("/ws"), Duration.ofSeconds(-1), heard))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(heard.events).isEmpty();
  }
}
