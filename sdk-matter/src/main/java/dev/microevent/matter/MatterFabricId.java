package dev.microevent.matter;

/**
 * A Matter fabric id (or compressed fabric id): an unsigned 64-bit number held in a {@code long}
 * and always read and written unsigned (matterjs-server picks random ones, often above {@link
 * Long#MAX_VALUE}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param value the id's 64 bits, unsigned
 */
public record MatterFabricId(long value) {
  /**
   * A fabric id.
   *
   * @param value the 64 bits, unsigned
   * @return the id
   */
  public static MatterFabricId of(long value) {
    return new MatterFabricId(value);
  }

  /**
   * The id as an unsigned decimal number.
   *
   * @return for example {@code "14568610893607323429"}
   */
  @Override
  public String toString() {
    return Long.toUnsignedString(value);
  }
}
