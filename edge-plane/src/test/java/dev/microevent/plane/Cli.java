package dev.microevent.plane;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.microevent.plane.internal.PlaneCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * One run of the {@code plane} command line against a running plane, in this JVM: its exit code
 * and what it printed.
 *
 * @param code the exit code
 * @param out what it printed to stdout
 * @param err what it printed to stderr
 */
record Cli(int code, String out, String err) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Runs a command with {@code --url} and {@code --token} appended.
   *
   * @param plane the plane
   * @param token its admin token
   * @param args the command line
   * @return the run
   */
  static Cli run(URI plane, String token, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--url", plane.toString(), "--token", token));
    int code = PlaneCli.run(new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
    return new Cli(code, out.toString(), err.toString());
  }

  /** What it printed, read as JSON (for {@code --json}). */
  JsonNode json() throws IOException {
    return JSON.readTree(out);
  }
}
