package dev.microevent.matter.internal;

/**
 * The Verhoeff check digit (dihedral group D5) that ends every manual pairing code. Thread-safe
 * (stateless).
 */
public final class Verhoeff {
  private static final int[][] MULTIPLY = rows("0123456789", "1234067895", "2340178956", "3401289567",
      "4012395678", "5987604321", "6598710432", "7659821043", "8765932104", "9876543210");
  private static final int[][] PERMUTE = rows("0123456789", "1576283094", "5803796142", "8916043527",
      "9453126870", "4286573901", "2793806415", "7046913258");
  private static final int[] INVERSE = {0, 4, 3, 2, 1, 5, 6, 7, 8, 9};

  private Verhoeff() {}

  /**
   * The check digit for a string of decimal digits.
   *
   * @param digits decimal digits only
   * @return the check digit, '0'..'9'
   */
  public static char checkDigit(CharSequence digits) {
    return (char) ('0' + INVERSE[walk(digits, 1)]);
  }

  /**
   * Whether the last digit is the right check digit for the ones before it.
   *
   * @param digitsWithCheck decimal digits only, the check digit last
   * @return {@code true} if it checks
   */
  public static boolean isValid(CharSequence digitsWithCheck) {
    return walk(digitsWithCheck, 0) == 0;
  }

  private static int walk(CharSequence digits, int firstPosition) {
    int c = 0;
    int position = firstPosition;
    for (int i = digits.length() - 1; i >= 0; i--, position++) {
      c = MULTIPLY[c][PERMUTE[position % 8][digits.charAt(i) - '0']];
    }
    return c;
  }

  private static int[][] rows(String... rows) {
    int[][] out = new int[rows.length][10];
    for (int r = 0; r < rows.length; r++) {
      for (int i = 0; i < 10; i++) {
        out[r][i] = rows[r].charAt(i) - '0';
      }
    }
    return out;
  }
}
