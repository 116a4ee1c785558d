package dev.microevent.matter;

import dev.microevent.core.SdkClientException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A room manifest could not be read or built: every problem is listed, each naming where it is
 * ({@code $.rooms[1].devices[0].role: ...}). Nothing of a rejected manifest is used. Immutable.
 */
public final class ManifestException extends SdkClientException {
  private static final long serialVersionUID = 1L;
  /** Every problem found, at least one. */
  private final List<String> problems;

  /**
   * Creates the exception.
   *
   * @param problems every problem found (at least one)
   * @param cause the underlying failure, if one caused the rejection
   */
  public ManifestException(List<String> problems, @Nullable Throwable cause) {
    super("room manifest rejected (" + problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + "): "
        + String.join("; ", problems.subList(0, Math.min(5, problems.size()))) + (problems.size() > 5 ? "; ..." : "")
        + "; fix the manifest and load it again", cause);
    this.problems = List.copyOf(problems);
  }

  /**
   * Every problem found.
   *
   * @return the problems, each naming its place in the document
   */
  public List<String> problems() {
    return problems;
  }
}
