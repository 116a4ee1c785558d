package dev.microevent.core.internal;

import dev.microevent.core.ServiceMode;

/**
 * The order of the service modes, in one place: the level each one is reported as ({@code
 * microevent.mode.level} and every module's mode gauge) and the next milder and harsher mode (for
 * a policy that steps one mode at a time). Admission of a criticality is {@link
 * ServiceMode#admits}, the most severe of two modes {@link ServiceMode#mostSevere}. For the client
 * and the SDK's modules, not for apps.
 */
public final class ModeLevel {
  private ModeLevel() {}

  /**
   * The gauge value of a mode.
   *
   * @param mode the mode
   * @return 0 normal, 1 reduced, 2 critical-only
   */
  public static int of(ServiceMode mode) {
    return switch (mode) {
      case NORMAL -> 0;
      case REDUCED -> 1;
      case CRITICAL_ONLY -> 2;
    };
  }

  /**
   * One step towards {@link ServiceMode#NORMAL}.
   *
   * @param mode the mode
   * @return the next milder mode, or NORMAL itself
   */
  public static ServiceMode milder(ServiceMode mode) {
    return switch (mode) {
      case CRITICAL_ONLY -> ServiceMode.REDUCED;
      case REDUCED, NORMAL -> ServiceMode.NORMAL;
    };
  }

  /**
   * One step towards {@link ServiceMode#CRITICAL_ONLY}.
   *
   * @param mode the mode
   * @return the next harsher mode, or CRITICAL_ONLY itself
   */
  public static ServiceMode harsher(ServiceMode mode) {
    return switch (mode) {
      case NORMAL -> ServiceMode.REDUCED;
      case REDUCED, CRITICAL_ONLY -> ServiceMode.CRITICAL_ONLY;
    };
  }
}
