package dev.microevent.benchmarks;

import com.sun.net.httpserver.HttpServer;
import dev.microevent.core.EdgeRequest;
import dev.microevent.core.Intent;
import dev.microevent.core.MicroEventClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;
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
 * One small GET on loopback to a {@link CannedHttpServer} (keep-alive, one NIO thread, a few
 * microseconds per request), so the server is not the bottleneck: raw OkHttp (the baseline,
 * configured like the SDK's transport) against the same GET through the SDK with every feature on
 * ({@link Clients#sdk}). {@code rawOkHttpJdkServer} is the same raw GET against the JDK's built-in
 * HTTP server, to show what that server alone costs. The SDK's health checks and config sync run
 * against the same server in the background. Run it with {@link OverheadReport}, which sets the
 * mode and the number of callers and adds {@link CallProfiler}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
// The JDK server leaves Nagle on unless told otherwise, which adds 40 ms delayed-ACK stalls.
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
    "-Dsun.net.httpserver.nodelay=true"})
public class OverheadBenchmark {

  /** The canned-response server, one per trial. */
  @State(Scope.Benchmark)
  public static class Server {
    CannedHttpServer server;

    /** Starts it. */
    @Setup(Level.Trial)
    public void start() throws IOException {
      server = CannedHttpServer.start();
    }

    /** Stops it. */
    @TearDown(Level.Trial)
    public void stop() {
      server.close();
    }
  }

  /** Raw OkHttp against the canned server. */
  @State(Scope.Benchmark)
  public static class Raw {
    OkHttpClient client;
    Request request;

    /** Builds the client. */
    @Setup(Level.Trial)
    public void start(Server s) {
      client = Clients.rawOkHttp(null);
      request = new Request.Builder().url(s.server.baseUri() + "/v1/item").build();
    }

    /** Closes the client. */
    @TearDown(Level.Trial)
    public void stop() {
      Clients.close(client);
    }
  }

  /** The SDK against the canned server. */
  @State(Scope.Benchmark)
  public static class Sdk {
    MicroEventClient client;
    EdgeRequest request;

    /** Builds and starts the client. */
    @Setup(Level.Trial)
    public void start(Server s) {
      client = Clients.sdk(s.server.baseUri(), new SimpleMeterRegistry(), calls());
      request = EdgeRequest.get("/v1/item");
    }

    /** Where READ calls' connections come from: the network. */
    @Nullable SocketFactory calls() {
      return null;
    }

    /** Closes the client. */
    @TearDown(Level.Trial)
    public void stop() {
      client.close();
    }
  }

  /** Raw OkHttp against the JDK's built-in server, the old baseline's server. */
  @State(Scope.Benchmark)
  public static class JdkServer {
    HttpServer server;
    ExecutorService serverThreads;
    OkHttpClient client;
    Request request;

    /** Starts the server and the client. */
    @Setup(Level.Trial)
    public void start() throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
      byte[] body = CannedHttpServer.BODY.getBytes(StandardCharsets.UTF_8);
      server.createContext("/", exchange -> {
        try (exchange) {
          exchange.getRequestBody().readAllBytes();
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
        }
      });
      serverThreads = Executors.newFixedThreadPool(2);
      server.setExecutor(serverThreads);
      server.start();
      client = Clients.rawOkHttp(null);
      request = new Request.Builder()
          .url("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/item")
          .build();
    }

    /** Stops everything. */
    @TearDown(Level.Trial)
    public void stop() {
      Clients.close(client);
      server.stop(0);
      serverThreads.shutdownNow();
    }
  }

  /**
   * The baseline: raw OkHttp.
   *
   * @param raw the client
   * @return the body, so the JIT cannot drop the work
   * @throws IOException on failure
   */
  @Benchmark
  public byte[] rawOkHttp(Raw raw) throws IOException {
    return get(raw.client, raw.request);
  }

  /**
   * The same GET through the SDK.
   *
   * @param sdk the client
   * @return the body
   */
  @Benchmark
  public byte[] sdkClient(Sdk sdk) {
    return sdk.client.call(Intent.READ, sdk.request).body();
  }

  /**
   * Raw OkHttp against the JDK's server: what the old benchmark's baseline measured.
   *
   * @param jdk the server and client
   * @return the body
   * @throws IOException on failure
   */
  @Benchmark
  public byte[] rawOkHttpJdkServer(JdkServer jdk) throws IOException {
    return get(jdk.client, jdk.request);
  }

  static byte[] get(OkHttpClient client, Request request) throws IOException {
    return read(client.newCall(request));
  }

  /** Executes {@code call} and returns the body of its 200. */
  static byte[] read(Call call) throws IOException {
    try (Response r = call.execute()) {
      if (r.code() != 200) {
        throw new IOException("HTTP " + r.code());
      }
      return r.body().bytes();
    }
  }
}
