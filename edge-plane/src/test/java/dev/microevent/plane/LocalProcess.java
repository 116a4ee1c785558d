package dev.microevent.plane;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real child process for tests (a plane JVM, a redis-server): started with its output captured,
 * awaited until it prints a ready line, killed by PID with SIGKILL (as a crash), stopped on close.
 */
public final class LocalProcess implements AutoCloseable {
  private final Process process;
  private final String name;
  /** Every line it printed. */
  public final List<String> output = new CopyOnWriteArrayList<>();
  private final CompletableFuture<String> ready = new CompletableFuture<>();

  private LocalProcess(String name, List<String> command, Predicate<String> readyLine) {
    this.name = name;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + command.get(0), e);
    }
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          output.add(line);
          if (!ready.isDone() && readyLine.test(line)) {
            ready.complete(line);
          }
        }
      } catch (IOException e) {
        // the process died: its output ends
      }
      ready.completeExceptionally(new IllegalStateException(name + " exited before it was ready: " + output));
    }, name + "-output");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts a process and waits for its ready line.
   *
   * @param name for messages
   * @param command the command
   * @param readyLine recognises the line saying it is ready
   * @param within how long it may take
   * @return the running process
   */
  public static LocalProcess start(String name, List<String> command, Predicate<String> readyLine, Duration within) {
    LocalProcess p = new LocalProcess(name, command, readyLine);
    try {
      p.ready.get(within.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      p.close();
      throw new IllegalStateException(name + " did not get ready within " + within + ": " + p.output, e);
    }
    return p;
  }

  /**
   * A plane in its own JVM ({@code plane serve}), on the test's class path.
   *
   * @param args the serve options
   * @return the running plane
   */
  public static LocalProcess plane(String... args) {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "dev.microevent.plane.internal.PlaneCli", "serve"));
    cmd.addAll(List.of(args));
    return start("plane", cmd, l -> l.contains(" serving on "), Duration.ofSeconds(60));
  }

  /**
   * A redis-server on a free loopback port, without persistence.
   *
   * @param dir its working folder
   * @return the running server; {@link #port} says where
   */
  public static LocalProcess redis(Path dir) {
    int port = freePort();
    LocalProcess p = start("redis-server", List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no", "--dir", dir.toString()), l -> l.contains("Ready to accept connections"),
        Duration.ofSeconds(20));
    p.port = port;
    return p;
  }

  private int port;

  /** The port it was given, for servers started here. */
  public int port() {
    return port;
  }

  /**
   * A free loopback port.
   *
   * @return the port
   */
  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Its process id. */
  public long pid() {
    return process.pid();
  }

  /** The line it printed when ready. */
  public String readyLine() {
    return ready.join();
  }

  /** Kills it by PID with SIGKILL and waits until it is gone. */
  public void kill() {
    ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroyForcibly);
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException(name + " (pid " + process.pid() + ") survived SIGKILL for 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
