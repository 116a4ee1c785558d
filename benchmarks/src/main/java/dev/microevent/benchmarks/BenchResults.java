package dev.microevent.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.microevent.benchmarks.OverheadReport.Diff;
import dev.microevent.benchmarks.OverheadReport.Run;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a report collects and where it goes, for every report of this module: the text, the named
 * figures (with their spread over rounds) and the verdicts on targets, written beside the jar in
 * {@code bench-results/} as {@code <UTC stamp>-<name>.txt} and {@code .json}, with the
 * environment (JVM, OS, cores, load average) and every run. Not thread-safe.
 */
final class BenchResults {
  private final Map<String, Object> figures = new LinkedHashMap<>();
  private final List<Map<String, Object>> verdicts = new ArrayList<>();
  private final StringBuilder text = new StringBuilder();

  /** Appends one formatted line (Locale.ROOT) to the text. */
  void line(String fmt, Object... args) {
    text.append(args.length == 0 ? fmt : String.format(Locale.ROOT, fmt, args)).append('\n');
  }

  /**
   * Records a figure.
   *
   * @param spread its spread over rounds, or null for a plain value
   */
  void figure(String key, double value, String unit, Diff spread) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("value", finite(value));
    f.put("unit", unit);
    if (spread != null) {
      f.put("rounds", spread.n());
      f.put("ci95", List.of(finite(spread.lo()), finite(spread.hi())));
      f.put("range", List.of(finite(spread.min()), finite(spread.max())));
    }
    figures.put(key, f);
  }

  /** Records a verdict on a target and prints it as one line. */
  void verdict(String target, String value, String verdict) {
    line("  %-52s %-30s %s", target, value, verdict);
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("target", target);
    v.put("value", value);
    v.put("verdict", verdict);
    verdicts.add(v);
  }

  String text() {
    return text.toString();
  }

  Map<String, Object> figures() {
    return figures;
  }

  List<Map<String, Object>> verdicts() {
    return verdicts;
  }

  /** The JVM, OS, cores and load averages of this run. */
  static Map<String, Object> environment(Map<String, Double> loadAverages) {
    Map<String, Object> env = new LinkedHashMap<>();
    env.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    env.put("vendor", System.getProperty("java.vm.vendor"));
    env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
        + System.getProperty("os.arch"));
    env.put("cores", Runtime.getRuntime().availableProcessors());
    env.put("loadAverage", loadAverages);
    return env;
  }

  /** The load averages as one line: {@code 3.1 start, 4.2 end}. */
  static String loadText(Map<String, Double> loadAverages) {
    StringBuilder b = new StringBuilder();
    loadAverages.forEach((when, v) -> b.append(b.length() == 0 ? "" : ", ")
        .append(String.format(Locale.ROOT, "%.1f %s", v, when)));
    return b.toString();
  }

  /** Every run as JSON. */
  static List<Map<String, Object>> runs(List<Run> runs) {
    List<Map<String, Object>> rs = new ArrayList<>();
    for (Run r : runs) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("part", r.part());
      m.put("benchmark", r.benchmark());
      m.put("callers", r.callers());
      m.put("round", r.round());
      m.put("score", finite(r.score()));
      m.put("error", finite(r.error()));
      m.put("unit", r.unit());
      Map<String, Object> sec = new LinkedHashMap<>();
      r.secondary().forEach((k, v) -> sec.put(k, finite(v)));
      m.put("secondary", sec);
      rs.add(m);
    }
    return rs;
  }

  /**
   * Writes the text and the JSON document to {@code outDir} and prints the text and both paths.
   *
   * @param name the files' suffix, e.g. {@code full} or {@code forwarding-quick}
   */
  static void write(Path outDir, Instant started, String name, String text, Map<String, Object> json,
      PrintStream out) throws IOException {
    Files.createDirectories(outDir);
    String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT).withZone(ZoneOffset.UTC).format(started);
    Path jsonFile = outDir.resolve(stamp + "-" + name + ".json");
    Path txt = outDir.resolve(stamp + "-" + name + ".txt");
    Files.writeString(txt, text, StandardCharsets.UTF_8);
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(jsonFile.toFile(), json);
    out.println();
    out.print(text);
    out.println();
    out.println("results: " + jsonFile.toAbsolutePath());
    out.println("         " + txt.toAbsolutePath());
  }

  /** {@code bench-results/} beside the jar, else under the working directory. */
  static Path defaultOutDir() {
    try {
      Path jar = Path.of(BenchResults.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (Files.isRegularFile(jar) && jar.getParent() != null) {
        return jar.getParent().resolve("bench-results");
      }
    } catch (URISyntaxException | RuntimeException e) {
      // fall through
    }
    return Path.of("bench-results");
  }

  /** A number for JSON: NaN and infinities as the string {@code "NaN"}. */
  static Object finite(double d) {
    return Double.isFinite(d) ? (Object) d : "NaN";
  }

  /** The short commit of the working directory, or {@code unknown}. */
  static String gitCommit() {
    try {
      Process p = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").redirectErrorStream(true).start();
      String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return p.waitFor() == 0 && !s.isEmpty() ? s : "unknown";
    } catch (IOException e) {
      return "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }
}
