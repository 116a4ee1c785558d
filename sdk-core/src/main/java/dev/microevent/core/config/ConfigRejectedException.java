package dev.microevent.core.config;

import dev.microevent.core.SdkClientException;
import java.util.List;

/** A configuration document failed validation; the one in force keeps running. */
public final class ConfigRejectedException extends SdkClientException {
  private static final long serialVersionUID = 1L;
  /** Every problem found in the document. */
  private final List<String> problems;

  /**
   * Creates the exception.
   *
   * @param version the rejected document's version, or {@code "?"}
   * @param problems every problem found, each naming the JSON path
   */
  public ConfigRejectedException(String version, List<String> problems) {
    super("config document " + version + " rejected (" + problems.size() + " problem"
        + (problems.size() == 1 ? "" : "s") + "): " + String.join("; ", problems.subList(0, Math.min(5, problems.size())))
        + (problems.size() > 5 ? "; ..." : "") + "; the current document keeps running", null);
    this.problems = List.copyOf(problems);
  }

  /** {@return every problem found} */
  public List<String> problems() {
    return problems;
  }
}
