package dev.microevent.benchmarks;

import com.sun.net.httpserver.HttpServer;
import dev.microevent.core.EdgeRequest;
import dev.microevent.core.Intent;
import dev.microevent.core.MicroEventClient;
import dev.microevent.core.Plane;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One small GET on loopback (the JDK's HTTP server, TCP_NODELAY on): raw OkHttp (the baseline)
 * against the same GET through the SDK with every feature on (mode gate, Failsafe stack with
 * breaker and timeout, routing, outlier detection, listeners, meters, health checks in the
 * background). Same server, same run; both forks start both clients, so the SDK's background
 * health checks load the baseline's machine too.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 10, time = 1)
// The JDK server leaves Nagle on unless told otherwise, which adds 40 ms delayed-ACK stalls.
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m", "-Dsun.net.httpserver.nodelay=true"})
public class GetOverheadBenchmark {
  private static final String BODY = "{\"sku\":\"tee-black\",\"price\":2500,\"stock\":42}";

  private HttpServer server;
  private ExecutorService serverThreads;
  private OkHttpClient raw;
  private Request rawRequest;
  private MicroEventClient sdk;
  private EdgeRequest sdkRequest;

  /** Starts the loopback server and both clients. */
  @Setup(Level.Trial)
  public void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
    byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
    byte[] heartbeat = "{\"status\":\"SERVING\",\"load\":0.1}".getBytes(StandardCharsets.UTF_8);
    server.createContext("/", exchange -> {
      try (exchange) {
        exchange.getRequestBody().readAllBytes();
        byte[] out = exchange.getRequestURI().getPath().equals("/edge/v1/heartbeat") ? heartbeat : body;
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, out.length);
        exchange.getResponseBody().write(out);
      }
    });
    serverThreads = Executors.newFixedThreadPool(2);
    server.setExecutor(serverThreads);
    server.start();
    URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    raw = new OkHttpClient.Builder().build();
    rawRequest = new Request.Builder().url(base + "/v1/item").build();
    sdk = MicroEventClient.builder()
        .addEdgePlane(Plane.edge("bench-edge", base, 0))
        .meterRegistry(new SimpleMeterRegistry())
        .build();
    sdkRequest = EdgeRequest.get("/v1/item");
  }

  /** Stops everything. */
  @TearDown(Level.Trial)
  public void stop() {
    sdk.close();
    raw.connectionPool().evictAll();
    raw.dispatcher().executorService().shutdown();
    server.stop(0);
    serverThreads.shutdownNow();
  }

  /**
   * The baseline: raw OkHttp.
   *
   * @return the body, so the JIT cannot drop the work
   * @throws IOException on failure
   */
  @Benchmark
  public byte[] rawOkHttp() throws IOException {
    try (Response r = raw.newCall(rawRequest).execute()) {
      return r.body().bytes();
    }
  }

  /**
   * The same GET through the SDK.
   *
   * @return the body
   */
  @Benchmark
  public byte[] sdkClient() {
    return sdk.call(Intent.READ, sdkRequest).body();
  }
}
