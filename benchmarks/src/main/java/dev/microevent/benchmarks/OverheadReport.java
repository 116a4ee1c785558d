package dev.microevent.benchmarks;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link GetOverheadBenchmark} and prints the SDK's mean latency as a ratio of raw OkHttp's,
 * both measured in the same run. Extra arguments are passed to JMH (e.g. {@code -f 1 -wi 2}).
 */
public final class OverheadReport {
  /** The bar from issue 2: the SDK within 1.10x of raw OkHttp. */
  static final double BAR = 1.10;

  private OverheadReport() {}

  /**
   * Runs the benchmark and prints the ratio.
   *
   * @param args JMH command-line options
   * @throws RunnerException if JMH fails
   * @throws CommandLineOptionException if the options are malformed
   */
  public static void main(String[] args) throws RunnerException, CommandLineOptionException {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    Options options = new OptionsBuilder()
        .parent(new CommandLineOptions(args))
        .include(GetOverheadBenchmark.class.getSimpleName())
        .build();
    Collection<RunResult> results = new Runner(options).run();
    double raw = Double.NaN;
    double sdk = Double.NaN;
    double rawErr = Double.NaN;
    double sdkErr = Double.NaN;
    for (RunResult r : results) {
      String name = r.getParams().getBenchmark();
      double score = r.getPrimaryResult().getScore();
      double err = r.getPrimaryResult().getScoreError();
      if (name.endsWith("rawOkHttp")) {
        raw = score;
        rawErr = err;
      } else if (name.endsWith("sdkClient")) {
        sdk = score;
        sdkErr = err;
      }
    }
    double ratio = sdk / raw;
    out.printf(Locale.ROOT, "%nraw OkHttp GET   %8.2f us/op (+/- %.2f)%n", raw, rawErr);
    out.printf(Locale.ROOT, "SDK client GET   %8.2f us/op (+/- %.2f)%n", sdk, sdkErr);
    out.printf(Locale.ROOT, "ratio SDK/raw    %8.3f  (bar %.2f: %s)%n", ratio, BAR, ratio <= BAR ? "met" : "NOT met");
  }
}
