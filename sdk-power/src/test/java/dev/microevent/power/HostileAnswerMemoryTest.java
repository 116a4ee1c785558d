package dev.microevent.power;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile server's endless answers, read by a client in a child JVM with a 64 MiB heap: the
 * answer is cut at its byte bound with a typed error, long before the heap runs out.
 */
class HostileAnswerMemoryTest {
  /** The client side, run in the child JVM: reads {@code LIST VAR dummy} from the port it is given. */
  public static final class ReadVariables {
    private ReadVariables() {}

    /**
     * Prints how the read ended.
     *
     * @param args the server's port
     */
    public static void main(String[] args) {
      try (NutSource ups = PowerSource.nut(NutConfig.builder().port(Integer.parseInt(args[0])).upsName("dummy")
          .readTimeout(Duration.ofMinutes(5)).build())) {
        System.out.println("accepted " + ups.variables().size() + " variables");
      } catch (RuntimeException e) {
        System.out.println("ended with " + e.getClass().getName() + ": " + e.getMessage());
      }
    }
  }

  @Test
  void anEndlessListAnswerOfLongLines_endsWithATypedError_inA64MiBHeap(@TempDir Path dir) throws Exception {
    byte[] line = ("VAR dummy battery.charge \"" + "9".repeat(8000) + "\"\n").getBytes(StandardCharsets.US_ASCII);
    try (LoopbackServer server = new LoopbackServer(socket -> {
      new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
      OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
      out.write("BEGIN LIST VAR dummy\n".getBytes(StandardCharsets.US_ASCII));
      while (true) {
        out.write(line); // until the client hangs up
      }
    })) {
      Process child = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx64m", "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
          ReadVariables.class.getName(), Integer.toString(server.port())))
          .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
      child.getOutputStream().close();
      boolean ended = child.waitFor(2, TimeUnit.MINUTES);
      if (!ended) {
        child.destroyForcibly();
      }
      String output = Files.readString(dir.resolve("child.log"));
      assertThat(ended).as("the child is still reading after 2 minutes: %s", output).isTrue();

      assertThat(output).contains("ended with " + PowerProtocolException.class.getName())
          .doesNotContain("OutOfMemoryError");
      assertThat(child.exitValue()).as(output).isZero();
    }
  }
}
