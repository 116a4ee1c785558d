package dev.microevent.core;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A plane on loopback for core tests: answers heartbeats and app requests with scripted
 * responses, records what it received, and can be stopped (connection refused) and restarted on
 * the same port. (Downstream users get the richer FakeEdgePlane from sdk-testkit.)
 */
final class TestPlane implements AutoCloseable {
  private final String id;
  private MockWebServer server;
  private final int port;
  private volatile Function<RecordedRequest, MockResponse> app;
  private volatile Function<RecordedRequest, MockResponse> heartbeat;
  private volatile Function<RecordedRequest, MockResponse> config = r -> json(404, "{}");
  final List<RecordedRequest> appRequests = new CopyOnWriteArrayList<>();
  final List<RecordedRequest> heartbeats = new CopyOnWriteArrayList<>();
  final List<RecordedRequest> configRequests = new CopyOnWriteArrayList<>();

  TestPlane(String id) throws IOException {
    this.id = id;
    this.app = r -> json(200, "{\"plane\":\"" + id + "\",\"path\":\"" + r.getUrl().encodedPath() + "\"}");
    this.heartbeat = r -> json(200, "{\"planeId\":\"" + id + "\",\"status\":\"SERVING\",\"load\":0.1}");
    this.server = newServer(0);
    this.port = server.getPort();
  }

  private MockWebServer newServer(int p) throws IOException {
    MockWebServer s = new MockWebServer();
    s.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        if (request.getUrl().encodedPath().equals("/edge/v1/heartbeat")) {
          heartbeats.add(request);
          return heartbeat.apply(request);
        }
        if (request.getUrl().encodedPath().equals("/edge/v1/config")) {
          configRequests.add(request);
          return config.apply(request);
        }
        appRequests.add(request);
        return app.apply(request);
      }
    });
    s.start(InetAddress.getLoopbackAddress(), p);
    return s;
  }

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + port);
  }

  Plane edge(int priority) {
    return Plane.edge(id, uri(), priority);
  }

  Plane central() {
    return Plane.central(uri());
  }

  /** Scripts app responses. */
  TestPlane answering(Function<RecordedRequest, MockResponse> app) {
    this.app = app;
    return this;
  }

  /** App requests hang until {@code release} opens (at most 10 s), then get 200. */
  TestPlane stallingUntil(CountDownLatch release) {
    return answering(r -> {
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return json(200, "{}");
    });
  }

  /** Scripts heartbeat responses. */
  TestPlane heartbeating(Function<RecordedRequest, MockResponse> heartbeat) {
    this.heartbeat = heartbeat;
    return this;
  }

  /** Scripts config responses. */
  TestPlane serving(Function<RecordedRequest, MockResponse> config) {
    this.config = config;
    return this;
  }

  /** Stops listening: connections are refused until {@link #restart()}. */
  void stop() {
    server.close();
  }

  /** Listens again on the same port. */
  void restart() throws IOException {
    server = newServer(port);
  }

  List<String> appHeader(String name) {
    return appRequests.stream().map(r -> r.getHeaders().get(name)).toList();
  }

  @Override
  public void close() {
    server.close();
  }
}
