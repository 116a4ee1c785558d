package dev.microevent.core.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.function.Function;

/**
 * Reasons that compare a measured value with its limit, printed so that they never contradict
 * themselves through rounding: "charge 39.96 % &lt; 40.00 %", never "charge 40.0 % &lt; 40.0 %".
 * Shared by every module that explains a decision with a threshold.
 */
public final class ReasonText {
  /** Past this many decimals two values that still print alike are called equal ("at" the limit). */
  static final int MAX_DECIMALS = 6;

  private ReasonText() {
  }

  /**
   * "{@code value}{@code unit} {@code op} {@code limit}{@code unit}", both numbers with the fewest
   * decimals, at least {@code decimals}, at which they differ; "at {@code limit}{@code unit}" if
   * they still print alike at {@value #MAX_DECIMALS} decimals.
   *
   * @param value the measured value
   * @param op the comparison as it reads between the two, e.g. {@code "<"} or {@code "is below"}
   * @param limit the threshold it was compared with
   * @param decimals the fewest decimals to print (0 or more)
   * @param unit printed right after each number, e.g. {@code " %"} or {@code " ms"}
   * @return the comparison as text
   */
  public static String compare(double value, String op, double limit, int decimals, String unit) {
    for (int d = Math.max(0, decimals); d <= MAX_DECIMALS; d++) {
      String v = fixed(value, d);
      String l = fixed(limit, d);
      if (!v.equals(l)) {
        return v + unit + " " + op + " " + l + unit;
      }
    }
    return "at " + fixed(limit, Math.max(0, decimals)) + unit;
  }

  /**
   * The same for durations: each printed by {@code format}, and in seconds with as many decimals as
   * it takes when {@code format} prints the two alike ("1h05m &lt; 1h05m" becomes
   * "3910 s &lt; 3940 s").
   *
   * @param value the measured duration
   * @param op the comparison as it reads between the two
   * @param limit the threshold it was compared with
   * @param format the usual, coarser rendering
   * @return the comparison as text
   */
  public static String compare(Duration value, String op, Duration limit, Function<Duration, String> format) {
    String v = format.apply(value);
    String l = format.apply(limit);
    return v.equals(l) ? compare(seconds(value), op, seconds(limit), 0, " s") : v + " " + op + " " + l;
  }

  private static double seconds(Duration d) {
    return d.toSeconds() + d.toNanosPart() / 1e9;
  }

  private static String fixed(double x, int decimals) {
    if (!Double.isFinite(x)) {
      return Double.toString(x);
    }
    return new BigDecimal(x).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
  }
}
