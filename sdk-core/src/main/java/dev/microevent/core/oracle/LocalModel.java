package dev.microevent.core.oracle;

import java.util.Optional;

/**
 * The app's on-device model for decisions (a lookup table, a small classifier). Must be fast,
 * thread-safe and must not throw; return empty when it has no opinion.
 */
@FunctionalInterface
public interface LocalModel {

  /** A model with no opinion on anything. */
  LocalModel NONE = request -> Optional.empty();

  /**
   * Answers locally.
   *
   * @param request the question
   * @return an answer with its confidence, or empty
   */
  Optional<LocalAnswer> answer(DecisionRequest request);
}
