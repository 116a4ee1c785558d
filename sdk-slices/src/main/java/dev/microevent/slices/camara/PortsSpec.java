package dev.microevent.slices.camara;

import java.util.List;

/**
 * TCP/UDP ports a QoS session applies to: single ports and/or ranges; at least one of either.
 *
 * @param ranges port ranges
 * @param ports single ports
 */
public record PortsSpec(List<Range> ranges, List<Integer> ports) {
  /**
   * Validates and copies.
   *
   * @param ranges port ranges
   * @param ports single ports
   * @throws IllegalArgumentException if neither a port nor a range is given
   */
  public PortsSpec {
    ranges = List.copyOf(ranges);
    ports = List.copyOf(ports);
    if (ranges.isEmpty() && ports.isEmpty()) {
      throw new IllegalArgumentException("give at least one port or range");
    }
    for (int p : ports) {
      check(p);
    }
  }

  private static void check(int p) {
    if (p < 0 || p > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + p);
    }
  }

  /**
   * Single ports.
   *
   * @param ports the ports
   * @return the spec
   */
  public static PortsSpec ports(Integer... ports) {
    return new PortsSpec(List.of(), List.of(ports));
  }

  /**
   * One range.
   *
   * @param from lowest port
   * @param to highest port
   * @return the spec
   */
  public static PortsSpec range(int from, int to) {
    return new PortsSpec(List.of(new Range(from, to)), List.of());
  }

  /**
   * A port range.
   *
   * @param from lowest port
   * @param to highest port, not below from
   */
  public record Range(int from, int to) {
    /**
     * Validates the bounds.
     *
     * @param from lowest port
     * @param to highest port, not below from
     * @throws IllegalArgumentException if {@code from} is above {@code to}
     */
    public Range {
      check(from);
      check(to);
      if (from > to) {
        throw new IllegalArgumentException("range start " + from + " is above its end " + to);
      }
    }
  }
}
