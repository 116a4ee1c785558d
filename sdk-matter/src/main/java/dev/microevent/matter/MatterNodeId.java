package dev.microevent.matter;

/**
 * A Matter operational node id: an unsigned 64-bit number (controllers hand out values above
 * {@link Long#MAX_VALUE}, so it is held in a {@code long} and always read and written unsigned).
 * 0 is the unspecified node id and never names a node.
 *
 * <pre>{@code
 * MatterNodeId.of(Long.parseUnsignedLong("18446744069414584320")).toString()  // "18446744069414584320"
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param value the id's 64 bits, unsigned
 */
public record MatterNodeId(long value) {
  /**
   * Validates the value.
   *
   * @param value the id's 64 bits, unsigned
   * @throws IllegalArgumentException if it is 0
   */
  public MatterNodeId {
    if (value == 0) {
      throw new IllegalArgumentException("node id 0 is the unspecified node id, never a node's");
    }
  }

  /**
   * A node id.
   *
   * @param value the 64 bits, unsigned
   * @return the id
   * @throws IllegalArgumentException if it is 0
   */
  public static MatterNodeId of(long value) {
    return new MatterNodeId(value);
  }

  /**
   * The id as an unsigned decimal number.
   *
   * @return for example {@code "18446744069414584320"}
   */
  @Override
  public String toString() {
    return Long.toUnsignedString(value);
  }
}
