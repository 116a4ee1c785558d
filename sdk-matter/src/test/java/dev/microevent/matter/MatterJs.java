package dev.microevent.matter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The committed Node project under {@code src/test/node} (matter.js 0.17.9, installed by {@code npm
 * ci}, which {@code .ci/run} does): runs its scripts as child processes and always ends them by PID.
 */
final class MatterJs {
  static final Path DIR = Path.of("src", "test", "node").toAbsolutePath();
  /** Generous: importing matter.js takes 1-2 s on an idle machine, 30 s were seen on a loaded one. */
  static final Duration START_BOUND = Duration.ofMinutes(3);
  static final ObjectMapper JSON = new ObjectMapper();

  private MatterJs() {}

  /** Fails (never skips) when the Node packages are missing, saying how to install them. */
  static void requireInstalled() {
    assertThat(DIR.resolve("node_modules/@matter/main/package.json"))
        .as("matter.js is not installed: run `npm ci --prefix sdk-matter/src/test/node` (.ci/run does it)")
        .exists();
  }

  /** A log file for a child's stderr under target/. */
  static Path log(String name) throws IOException {
    Path dir = Files.createDirectories(Path.of("target", "matter-js"));
    return dir.resolve(name + ".log").toAbsolutePath();
  }

  /**
   * Sends a JSON array of requests to {@code codec.mjs} and returns its array of answers.
   *
   * @param requests the requests
   * @return the answers, same order
   */
  static JsonNode codec(JsonNode requests) throws Exception {
    requireInstalled();
    Process p = new ProcessBuilder("node", "codec.mjs").directory(DIR.toFile())
        .redirectError(log("codec").toFile()).start();
    try {
      CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
      try (OutputStream in = p.getOutputStream()) {
        in.write(JSON.writeValueAsBytes(requests));
      }
      byte[] answer = out.get(START_BOUND.toSeconds(), TimeUnit.SECONDS);
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("codec.mjs ends after answering").isTrue();
      assertThat(p.exitValue()).as("codec.mjs exit status; see target/matter-js/codec.log").isZero();
      JsonNode answers = JSON.readTree(new String(answer, StandardCharsets.UTF_8));
      assertThat(answers.size()).isEqualTo(requests.size());
      return answers;
    } finally {
      stop(p);
    }
  }

  /**
   * Waits for a script's {@code {"ready":...}} line on its stdout (matter.js logs go there too).
   *
   * @param p the script's process
   * @param name the script, for the message
   * @return the ready line
   */
  static JsonNode awaitReady(Process p, String name) throws Exception {
    CompletableFuture<String> ready = new CompletableFuture<>();
    // One reader for the child's whole life: after the ready line it keeps draining stdout, so the
    // child never blocks on a full pipe.
    var unused = CompletableFuture.runAsync(() -> {
      try (java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
          StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          if (!ready.isDone() && line.startsWith("{\"ready\"")) {
            ready.complete(line);
          }
        }
      } catch (IOException e) {
        // the child ended
      }
      ready.completeExceptionally(new IllegalStateException(name + " ended without a ready line; see target/matter-js/"
          + name + ".log"));
    });
    return JSON.readTree(ready.get(START_BOUND.toSeconds(), TimeUnit.SECONDS));
  }

  /** Ends a child by its PID: SIGTERM, 5 s to go, then SIGKILL. */
  static void stop(Process p) throws InterruptedException {
    if (!p.isAlive()) {
      return;
    }
    p.destroy();
    if (!p.waitFor(5, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      p.waitFor(5, TimeUnit.SECONDS);
    }
  }

  static byte[] readAll(InputStream in) {
    try (in) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
