package dev.microevent.core;

/** How much an intent matters when resources are short; doubles as its power role. */
public enum Criticality {
  /** Must keep working: payments, gate scans, control. */
  CRITICAL,
  /** May run reduced. */
  DEGRADED,
  /** First to pause. */
  NON_ESSENTIAL
}
