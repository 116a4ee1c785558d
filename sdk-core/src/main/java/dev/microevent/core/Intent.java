package dev.microevent.core;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a call is for. The intent picks the call's resilience policy, whether the current
 * {@link ServiceMode} admits it, whether it carries an {@code Idempotency-Key}, and (with
 * sdk-slices) which 5G slice it leaves through.
 *
 * <p>Built-ins cover the field playbook; apps add their own with {@link #of}. Two intents are
 * equal when their names are equal. Names are lower-case tokens and are used as metric tag
 * values, so keep the set of intents small and fixed.
 *
 * <pre>{@code
 * Intent LOYALTY = Intent.of("loyalty", Criticality.NON_ESSENTIAL, Idempotence.IDEMPOTENT);
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Intent {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

  /** Checkout payments: critical, never sent twice without the same idempotency key. */
  public static final Intent PAYMENT = new Intent("payment", Criticality.CRITICAL, Idempotence.KEYED);
  /** Gate scans at the door: critical, keyed so a retried scan is counted once. */
  public static final Intent GATE_SCAN = new Intent("gate_scan", Criticality.CRITICAL, Idempotence.KEYED);
  /** Operator and device control: critical, idempotent by contract. */
  public static final Intent CONTROL = new Intent("control", Criticality.CRITICAL, Idempotence.IDEMPOTENT);
  /** Catalogue, inventory and other reads: may run reduced. */
  public static final Intent READ = new Intent("read", Criticality.DEGRADED, Idempotence.IDEMPOTENT);
  /** Live stream uplink: may run reduced (lower bitrate), paused in critical-only mode. */
  public static final Intent STREAM_UPLINK =
      new Intent("stream_uplink", Criticality.DEGRADED, Idempotence.IDEMPOTENT);
  /** Analytics and telemetry: the first thing to pause. */
  public static final Intent TELEMETRY =
      new Intent("telemetry", Criticality.NON_ESSENTIAL, Idempotence.IDEMPOTENT);

  private final String name;
  private final Criticality criticality;
  private final Idempotence idempotence;

  private Intent(String name, Criticality criticality, Idempotence idempotence) {
    this.name = name;
    this.criticality = criticality;
    this.idempotence = idempotence;
  }

  /**
   * Defines an app intent.
   *
   * @param name lower-case token, 1 to 32 characters of {@code [a-z0-9_-]}, starting with a letter
   * @param criticality how it is treated when resources are short
   * @param idempotence whether retries are safe as is, or need an idempotency key
   * @return the intent
   * @throws IllegalArgumentException if the name is not a valid token or is a built-in's name
   */
  public static Intent of(String name, Criticality criticality, Idempotence idempotence) {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "intent name must match " + NAME.pattern() + " (it is a metric tag), got '" + name + "'");
    }
    for (Intent builtIn : builtIns()) {
      if (builtIn.name.equals(name)) {
        throw new IllegalArgumentException(
            "'" + name + "' is a built-in intent; use Intent." + builtIn + " instead");
      }
    }
    return new Intent(
        name,
        Objects.requireNonNull(criticality, "criticality"),
        Objects.requireNonNull(idempotence, "idempotence"));
  }

  /**
   * The built-in intents, in a fixed order.
   *
   * @return PAYMENT, GATE_SCAN, CONTROL, READ, STREAM_UPLINK, TELEMETRY
   */
  public static List<Intent> builtIns() {
    return List.of(PAYMENT, GATE_SCAN, CONTROL, READ, STREAM_UPLINK, TELEMETRY);
  }

  /** {@return the name, used in metrics, logs and configuration} */
  public String name() {
    return name;
  }

  /** {@return how the intent is treated when resources are short} */
  public Criticality criticality() {
    return criticality;
  }

  /** {@return whether retries are safe as is, or need an idempotency key} */
  public Idempotence idempotence() {
    return idempotence;
  }

  /** {@return whether each logical call of this intent carries one {@code Idempotency-Key}} */
  public boolean keyed() {
    return idempotence == Idempotence.KEYED;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Intent other && other.name.equals(name);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  @Override
  public String toString() {
    return name.toUpperCase(Locale.ROOT);
  }

  /** Whether repeating a call of an intent is safe. */
  public enum Idempotence {
    /** Repeating the call has the same effect as making it once (reads, puts, control). */
    IDEMPOTENT,
    /**
     * Repeating is safe only with the same {@code Idempotency-Key}: the client generates one per
     * logical call and keeps it across every retry and failover.
     */
    KEYED
  }
}
