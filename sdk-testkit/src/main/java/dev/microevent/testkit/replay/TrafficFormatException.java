package dev.microevent.testkit.replay;

import dev.microevent.testkit.TestkitException;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A traffic file could not be read: one or more lines are malformed or not UTF-8. Lists every bad
 * line (up to {@value #MAX_LISTED}) with its number, so nothing is silently dropped and the file
 * can be fixed in one go.
 */
public final class TrafficFormatException extends TestkitException {
  private static final long serialVersionUID = 1L;
  /** Most problems listed in the message and in {@link #problems()}. */
  public static final int MAX_LISTED = 20;

  /**
   * One bad line.
   *
   * @param line 1-based line number
   * @param message what is wrong with it
   */
  public record Problem(long line, String message) {
    /**
     * Validates every component.
     *
     * @param line 1-based line number
     * @param message what is wrong with it
     */
    public Problem {
      Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
      return "line " + line + ": " + message;
    }
  }

  /** The first problems found, in line order (serialized with the exception). */
  @SuppressWarnings("serial") // List.copyOf lists are serializable
  private final List<Problem> problems;
  /** How many lines were bad in total, possibly more than {@link #problems()} lists. */
  private final long badLines;

  /**
   * Creates the exception.
   *
   * @param source the file or stream name
   * @param problems the first problems found, in line order
   * @param badLines how many lines were bad in total
   * @param cause the underlying failure, if any
   */
  public TrafficFormatException(String source, List<Problem> problems, long badLines, @Nullable Throwable cause) {
    super(describe(source, problems, badLines), cause);
    this.problems = List.copyOf(problems);
    this.badLines = badLines;
  }

  private static String describe(String source, List<Problem> problems, long badLines) {
    StringBuilder sb = new StringBuilder("traffic file ").append(source).append(" has ").append(badLines)
        .append(badLines == 1 ? " bad line" : " bad lines").append("; nothing was replayed. Fix or remove them:");
    for (Problem p : problems) {
      sb.append(System.lineSeparator()).append("  ").append(p);
    }
    if (badLines > problems.size()) {
      sb.append(System.lineSeparator()).append("  ... and ").append(badLines - problems.size()).append(" more");
    }
    return sb.toString();
  }

  /** {@return the first problems, in line order} */
  public List<Problem> problems() {
    return problems;
  }

  /** {@return how many lines were bad in total} */
  public long badLines() {
    return badLines;
  }
}
