package dev.microevent.commerce;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} (Debian's package) on 127.0.0.1, a free port and a temp dir, with no
 * persistence; stopped on close. Fails with a clear message when the binary is missing. Tests of
 * outages {@link #kill()} it (SIGKILL, by PID: its data is gone, as after a crash) and {@link
 * #start()} it again on the same port. Shared by the module's Redis ITs (public for the ticket
 * package's).
 */
public final class RedisServer implements AutoCloseable {
  private final String binary;
  private final Path dir;
  private final int port;
  private Process process;

  /** Starts one. */
  public RedisServer() {
    binary = locate();
    try {
      dir = Files.createTempDirectory("redis-it");
      try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
        port = s.getLocalPort();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start redis-server", e);
    }
    process = launch();
  }

  /** Starts it again on the same port after {@link #kill()}, empty (no persistence), and waits until it answers. */
  public synchronized void start() {
    if (process.isAlive()) {
      throw new IllegalStateException("redis-server is still running (pid " + process.pid() + ")");
    }
    process = launch();
  }

  /** Kills it with SIGKILL (by PID) and waits until it is gone: clients see the connection drop. */
  public synchronized void kill() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("redis-server (pid " + process.pid() + ") survived SIGKILL for 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while killing redis-server", e);
    }
  }

  /**
   * The running server's process id.
   *
   * @return the pid
   */
  public synchronized long pid() {
    return process.pid();
  }

  private Process launch() {
    Process p;
    try {
      p = new ProcessBuilder(List.of(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1",
          "--save", "", "--appendonly", "no", "--dir", dir.toString()))
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start redis-server", e);
    }
    await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
        .until(() -> {
          try (Socket s = new Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
            s.getOutputStream().write("PING\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return s.getInputStream().read() == '+';
          }
        });
    return p;
  }

  private static String locate() {
    for (String dirName : System.getenv().getOrDefault("PATH", "/usr/bin:/usr/sbin").split(File.pathSeparator, -1)) {
      File f = new File(dirName, "redis-server");
      if (f.canExecute()) {
        return f.getPath();
      }
    }
    throw new IllegalStateException("redis-server is not installed; these tests need a real Redis. Install it with "
        + "'apt-get install -y redis-server' (.ci/run does this in CI)");
  }

  /**
   * Where it listens.
   *
   * @return {@code redis://127.0.0.1:<port>/0}
   */
  public URI uri() {
    return URI.create("redis://127.0.0.1:" + port + "/0");
  }

  @Override
  public synchronized void close() throws IOException {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
