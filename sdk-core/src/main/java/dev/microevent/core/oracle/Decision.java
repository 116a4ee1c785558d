package dev.microevent.core.oracle;

/**
 * An answer of the {@link HybridOracle}.
 *
 * @param decision the decision's name
 * @param value the answer
 * @param confidence how sure the answering source is, 0 to 1
 * @param source who answered
 * @param degraded true when the cloud should have answered but could not be reached, so a local
 *     answer below the confidence threshold was used
 */
public record Decision(String decision, String value, double confidence, Source source, boolean degraded) {

  /** {@return whether the answer was made on the device (not by the cloud in this call)} */
  public boolean local() {
    return source != Source.REMOTE;
  }

  /** Who answered. */
  public enum Source {
    /** A remote answer cached earlier, within its TTL. */
    CACHE,
    /** A rule of the pushed config. */
    RULE,
    /** The app's local model. */
    MODEL,
    /** The cloud, in this call. */
    REMOTE
  }
}
