package dev.microevent.plane.telemetry.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Exact span counts of one batch per intent, slice and outcome: how many were seen and how many
 * kept. Counting a span allocates nothing once its intent and slice were seen. Not thread-safe.
 */
public final class Counts {
  /** The outcomes counted, in index order; anything else counts as {@code other}. */
  public static final List<String> OUTCOMES = List.of("success", "client_error", "server_error", "timeout",
      "connection_failure", "shed", "rejected", "no_route", "cancelled", "other");

  /**
   * One counted cell.
   *
   * @param intent the intent
   * @param slice the slice
   * @param outcome the outcome
   * @param seen spans seen
   * @param kept spans kept
   */
  public record Cell(String intent, String slice, String outcome, long seen, long kept) {}

  private final Map<String, Map<String, long[]>> cells = new HashMap<>();
  private boolean empty = true;

  /**
   * Counts one span.
   *
   * @param intent its intent
   * @param slice its slice
   * @param outcome its outcome
   * @param kept whether it was kept
   */
  public void add(String intent, String slice, String outcome, boolean kept) {
    long[] row = cells.computeIfAbsent(intent, k -> new HashMap<>(4)).get(slice);
    if (row == null) {
      row = new long[OUTCOMES.size() * 2];
      cells.get(intent).put(slice, row);
    }
    int i = index(outcome);
    row[2 * i]++;
    if (kept) {
      row[2 * i + 1]++;
    }
    empty = false;
  }

  private static int index(String outcome) {
    return switch (outcome) {
      case "success" -> 0;
      case "client_error" -> 1;
      case "server_error" -> 2;
      case "timeout" -> 3;
      case "connection_failure" -> 4;
      case "shed" -> 5;
      case "rejected" -> 6;
      case "no_route" -> 7;
      case "cancelled" -> 8;
      default -> 9;
    };
  }

  /**
   * Whether an outcome counts against an SLO (the error budgets' rule): server errors, timeouts,
   * connection failures, no route and local rejections.
   *
   * @param outcome the outcome tag
   * @return whether it is bad
   */
  public static boolean bad(String outcome) {
    return switch (outcome) {
      case "server_error", "timeout", "connection_failure", "no_route", "rejected" -> true;
      default -> false;
    };
  }

  /**
   * Whether an outcome counts for an SLO at all: not client errors, shed or cancelled calls.
   *
   * @param outcome the outcome tag
   * @return whether it is eligible
   */
  public static boolean eligible(String outcome) {
    return switch (outcome) {
      case "client_error", "shed", "cancelled" -> false;
      default -> true;
    };
  }

  /**
   * The error class of an outcome: empty for a success, else the outcome and the status if any.
   *
   * @param outcome the outcome tag
   * @param statusCode the status, 0 if none
   * @return the class
   */
  public static String errorClass(String outcome, int statusCode) {
    if (outcome.equals("success")) {
      return "";
    }
    return statusCode > 0 ? outcome + "/" + statusCode : outcome;
  }

  /** {@return whether nothing was counted} */
  public boolean isEmpty() {
    return empty;
  }

  /**
   * Every non-zero cell.
   *
   * @param each called per cell
   */
  public void forEach(Consumer<Cell> each) {
    cells.forEach((intent, slices) -> slices.forEach((slice, row) -> {
      for (int i = 0; i < OUTCOMES.size(); i++) {
        if (row[2 * i] > 0) {
          each.accept(new Cell(intent, slice, OUTCOMES.get(i), row[2 * i], row[2 * i + 1]));
        }
      }
    }));
  }

  /**
   * Writes the cells as the batch's {@code counts} array.
   *
   * @param out the array
   */
  public void write(ArrayNode out) {
    forEach(c -> out.addObject().put("intent", c.intent()).put("slice", c.slice()).put("outcome", c.outcome())
        .put("seen", c.seen()).put("kept", c.kept()));
  }

  /**
   * Reads a batch's {@code counts} array.
   *
   * @param counts the array
   * @param each called per cell
   */
  public static void read(JsonNode counts, Consumer<Cell> each) {
    for (JsonNode c : counts) {
      each.accept(new Cell(c.path("intent").asText("unknown"), c.path("slice").asText("default"),
          c.path("outcome").asText("other"), Math.max(0, c.path("seen").asLong()), Math.max(0, c.path("kept").asLong())));
    }
  }
}
