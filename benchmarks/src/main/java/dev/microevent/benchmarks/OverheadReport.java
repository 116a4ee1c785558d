package dev.microevent.benchmarks;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
 * Runs {@link GetOverheadBenchmark} in alternating rounds (raw OkHttp, then the SDK, in fresh
 * forks, round after round) and prints the SDK's mean latency as a ratio of raw OkHttp's for each
 * round and their median. Alternating keeps the two measurements minutes apart at most, so a
 * machine that gets busier or quieter during the run moves both sides, not one. Extra arguments
 * are passed to JMH (e.g. {@code -wi 2}); {@code -Drounds=N} sets the number of rounds (default 5).
 */
public final class OverheadReport {
  /** The bar from issue 2: the SDK within 1.10x of raw OkHttp. */
  static final double BAR = 1.10;

  private OverheadReport() {}

  /**
   * Runs the rounds and prints the ratios.
   *
   * @param args JMH command-line options
   * @throws RunnerException if JMH fails
   * @throws CommandLineOptionException if the options are malformed
   */
  public static void main(String[] args) throws RunnerException, CommandLineOptionException {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    int rounds = Integer.getInteger("rounds", 5);
    CommandLineOptions cli = new CommandLineOptions(args);
    double[] ratios = new double[rounds];
    for (int round = 1; round <= rounds; round++) {
      double raw = score(cli, "rawOkHttp");
      double sdk = score(cli, "sdkClient");
      ratios[round - 1] = sdk / raw;
      out.printf(Locale.ROOT, "round %d: raw %.2f us/op, sdk %.2f us/op, ratio %.3f%n", round, raw, sdk, sdk / raw);
    }
    Arrays.sort(ratios);
    double median = ratios[ratios.length / 2];
    out.println();
    out.printf(Locale.ROOT, "rounds                 %d (raw OkHttp and SDK alternating, fresh fork each)%n", rounds);
    out.printf(Locale.ROOT, "ratio SDK/raw, median  %.3f  (range %.3f..%.3f; bar %.2f: %s)%n", median, ratios[0],
        ratios[ratios.length - 1], BAR, median <= BAR ? "met" : "NOT met");
  }

  private static double score(CommandLineOptions cli, String method) throws RunnerException {
    Options options = new OptionsBuilder()
        .parent(cli)
        .include(GetOverheadBenchmark.class.getName() + "." + method + "$")
        .build();
    Collection<RunResult> results = new Runner(options).run();
    return results.iterator().next().getPrimaryResult().getScore();
  }
}
