package dev.microevent.slices;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A 5G QoS Identifier and its characteristics (3GPP TS 23.501 Table 5.7.4-1): resource type,
 * priority level (lower is more important), packet delay budget and packet error rate. The
 * standardised values come from {@link #standard(int)}; operators may define others with {@link
 * #custom}.
 *
 * <pre>{@code
 * FiveQi checkout = FiveQi.standard(7);     // non-GBR, 100 ms, 1e-3
 * FiveQi uplink = FiveQi.standard(71);      // GBR "live" uplink streaming
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class FiveQi {

  /** How the network reserves resources for a flow. */
  public enum ResourceType {
    /** Guaranteed bit rate. */
    GBR,
    /** No guaranteed bit rate. */
    NON_GBR,
    /** Delay-critical GBR, with a maximum data burst volume. */
    DELAY_CRITICAL_GBR
  }

  private static final Map<Integer, FiveQi> STANDARD = table();

  private final int value;
  private final ResourceType resourceType;
  private final int priorityLevel;
  private final Duration packetDelayBudget;
  private final int packetErrorRateExponent;
  private final int maxDataBurstBytes;
  private final String examples;

  private FiveQi(int value, ResourceType type, int priority, Duration pdb, int perExponent, int mdbv,
      String examples) {
    this.value = value;
    this.resourceType = type;
    this.priorityLevel = priority;
    this.packetDelayBudget = pdb;
    this.packetErrorRateExponent = perExponent;
    this.maxDataBurstBytes = mdbv;
    this.examples = examples;
  }

  /**
   * A standardised 5QI.
   *
   * @param value one of the values of TS 23.501 Table 5.7.4-1 (1-4, 5-10, 65-67, 69-90)
   * @return its characteristics
   * @throws IllegalArgumentException if the value is not standardised; use {@link #custom}
   */
  public static FiveQi standard(int value) {
    FiveQi q = STANDARD.get(value);
    if (q == null) {
      throw new IllegalArgumentException("5QI " + value + " is not standardised (known: " + STANDARD.keySet()
          + "); use FiveQi.custom(...) for an operator-specific value");
    }
    return q;
  }

  /** {@return every standardised 5QI, by value} */
  public static Map<Integer, FiveQi> standardValues() {
    return STANDARD;
  }

  /**
   * An operator-specific 5QI (values 128..254 are reserved for that).
   *
   * @param value 1..255
   * @param type resource type
   * @param priorityLevel 1..127, lower is more important
   * @param packetDelayBudget positive
   * @param packetErrorRateExponent the PER is {@code 10^-exponent}, 1..10
   * @return the 5QI
   */
  public static FiveQi custom(int value, ResourceType type, int priorityLevel, Duration packetDelayBudget,
      int packetErrorRateExponent) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(packetDelayBudget, "packetDelayBudget");
    if (value < 1 || value > 255) {
      throw new IllegalArgumentException("5QI is 1..255, got " + value);
    }
    if (priorityLevel < 1 || priorityLevel > 127) {
      throw new IllegalArgumentException("priority level is 1..127, got " + priorityLevel);
    }
    if (!(packetDelayBudget.compareTo(Duration.ZERO) > 0)) {
      throw new IllegalArgumentException("packet delay budget must be positive, got " + packetDelayBudget);
    }
    if (packetErrorRateExponent < 1 || packetErrorRateExponent > 10) {
      throw new IllegalArgumentException("packet error rate exponent is 1..10, got " + packetErrorRateExponent);
    }
    return new FiveQi(value, type, priorityLevel, packetDelayBudget, packetErrorRateExponent, 0, "custom");
  }

  /** {@return the 5QI value} */
  public int value() {
    return value;
  }

  /**
   * GBR, non-GBR or delay-critical GBR.
   *
   * @return GBR, non-GBR or delay-critical GBR, as the 3GPP table gives it for this value
   */
  public ResourceType resourceType() {
    return resourceType;
  }

  /**
   * Priority level; lower is more important.
   *
   * @return the priority level from the 3GPP table; lower is more important
   */
  public int priorityLevel() {
    return priorityLevel;
  }

  /**
   * Upper bound of the delay between the device and the N6 anchor.
   *
   * @return the packet delay budget: upper bound of the delay between the device and the N6 anchor
   */
  public Duration packetDelayBudget() {
    return packetDelayBudget;
  }

  /**
   * Packet error rate, for example {@code 1.0E-3}.
   *
   * @return the packet error rate, 10 to the power of minus the table's exponent, e.g. {@code
   *     1.0E-3}
   */
  public double packetErrorRate() {
    return Math.pow(10, -packetErrorRateExponent);
  }

  /**
   * Default maximum data burst volume in bytes, for delay-critical GBR only.
   *
   * @return the default maximum data burst volume in bytes; empty unless the resource type is
   *     delay-critical GBR
   */
  public Optional<Integer> maxDataBurstBytes() {
    return maxDataBurstBytes > 0 ? Optional.of(maxDataBurstBytes) : Optional.empty();
  }

  /**
   * Example services from the 3GPP table.
   *
   * @return the example services the 3GPP table lists for this value
   */
  public String examples() {
    return examples;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FiveQi q && q.value == value && q.resourceType == resourceType
        && q.priorityLevel == priorityLevel && q.packetDelayBudget.equals(packetDelayBudget)
        && q.packetErrorRateExponent == packetErrorRateExponent && q.maxDataBurstBytes == maxDataBurstBytes;
  }

  @Override
  public int hashCode() {
    return Objects.hash(value, resourceType, priorityLevel, packetDelayBudget, packetErrorRateExponent);
  }

  @Override
  public String toString() {
    return "5QI " + value + " (" + resourceType + ", priority " + priorityLevel + ", PDB "
        + packetDelayBudget.toMillis() + " ms, PER " + packetErrorRate() + ")";
  }

  private static Map<Integer, FiveQi> table() {
    Map<Integer, FiveQi> t = new TreeMap<>();
    ResourceType gbr = ResourceType.GBR;
    ResourceType non = ResourceType.NON_GBR;
    ResourceType dc = ResourceType.DELAY_CRITICAL_GBR;
    put(t, 1, gbr, 20, 100, 2, 0, "conversational voice");
    put(t, 2, gbr, 40, 150, 3, 0, "conversational video (live streaming)");
    put(t, 3, gbr, 30, 50, 3, 0, "real-time gaming, V2X, process automation monitoring");
    put(t, 4, gbr, 50, 300, 6, 0, "non-conversational video (buffered streaming)");
    put(t, 65, gbr, 7, 75, 2, 0, "mission-critical push-to-talk voice");
    put(t, 66, gbr, 20, 100, 2, 0, "non-mission-critical push-to-talk voice");
    put(t, 67, gbr, 15, 100, 3, 0, "mission-critical video user plane");
    put(t, 71, gbr, 56, 150, 6, 0, "live uplink streaming");
    put(t, 72, gbr, 56, 300, 4, 0, "live uplink streaming");
    put(t, 73, gbr, 56, 300, 8, 0, "live uplink streaming");
    put(t, 74, gbr, 56, 500, 8, 0, "live uplink streaming");
    put(t, 76, gbr, 56, 500, 4, 0, "live uplink streaming");
    put(t, 75, gbr, 25, 50, 2, 0, "V2X messages");
    put(t, 5, non, 10, 100, 6, 0, "IMS signalling");
    put(t, 6, non, 60, 300, 6, 0, "buffered video, TCP apps (www, e-mail, chat, ftp)");
    put(t, 7, non, 70, 100, 3, 0, "voice, live video, interactive gaming");
    put(t, 8, non, 80, 300, 6, 0, "buffered video, TCP apps");
    put(t, 9, non, 90, 300, 6, 0, "buffered video, TCP apps (typical default bearer)");
    put(t, 10, non, 90, 1100, 6, 0, "as 6/8/9 including satellite access");
    put(t, 69, non, 5, 60, 6, 0, "mission-critical delay-sensitive signalling");
    put(t, 70, non, 55, 200, 6, 0, "mission-critical data");
    put(t, 79, non, 65, 50, 2, 0, "V2X messages");
    put(t, 80, non, 68, 10, 6, 0, "low-latency eMBB, augmented reality");
    put(t, 82, dc, 19, 10, 4, 255, "discrete automation");
    put(t, 83, dc, 22, 10, 4, 1354, "discrete automation, V2X platooning");
    put(t, 84, dc, 24, 30, 5, 1354, "intelligent transport systems");
    put(t, 85, dc, 21, 5, 5, 255, "electricity distribution (high voltage), V2X remote driving");
    put(t, 86, dc, 18, 5, 4, 1354, "V2X collision avoidance, high-LoA platooning");
    put(t, 87, dc, 25, 5, 3, 500, "XR motion tracking");
    put(t, 88, dc, 25, 10, 3, 1125, "XR motion tracking");
    put(t, 89, dc, 25, 15, 4, 17000, "XR split-rendering video");
    put(t, 90, dc, 25, 20, 4, 63000, "XR split-rendering video");
    return Collections.unmodifiableMap(t);
  }

  private static void put(Map<Integer, FiveQi> t, int v, ResourceType type, int prio, int pdbMillis, int exp,
      int mdbv, String examples) {
    t.put(v, new FiveQi(v, type, prio, Duration.ofMillis(pdbMillis), exp, mdbv, examples));
  }
}
