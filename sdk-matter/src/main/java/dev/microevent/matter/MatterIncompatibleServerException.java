package dev.microevent.matter;

/**
 * The Matter Server's schema does not fit this SDK: it needs a newer client ({@code
 * min_supported_schema_version} above {@link MatterClient#SCHEMA_VERSION}) or is older than the
 * oldest schema this SDK uses ({@link MatterClient#MIN_SERVER_SCHEMA_VERSION}). Upgrade the SDK or
 * the server; the client keeps trying to reconnect meanwhile.
 *
 * <p>Immutable and thread-safe.
 */
public final class MatterIncompatibleServerException extends MatterException {
  private static final long serialVersionUID = 1L;
  /** The server's {@code schema_version}. */
  private final int serverSchema;
  /** The server's {@code min_supported_schema_version}. */
  private final int serverMinSchema;

  /**
   * Creates the exception.
   *
   * @param serverSchema the server's {@code schema_version}
   * @param serverMinSchema its {@code min_supported_schema_version}
   */
  public MatterIncompatibleServerException(int serverSchema, int serverMinSchema) {
    super(message(serverSchema, serverMinSchema), null);
    this.serverSchema = serverSchema;
    this.serverMinSchema = serverMinSchema;
  }

  private static String message(int schema, int min) {
    if (min > MatterClient.SCHEMA_VERSION) {
      return "the Matter Server needs clients of schema " + min + " or newer; this SDK speaks "
          + MatterClient.SCHEMA_VERSION + ": upgrade the SDK";
    }
    return "the Matter Server speaks schema " + schema + ", older than the " + MatterClient.MIN_SERVER_SCHEMA_VERSION
        + " this SDK needs: upgrade the server (matterjs-server is python-matter-server's successor)";
  }

  /** {@return the server's {@code schema_version}} */
  public int serverSchema() {
    return serverSchema;
  }

  /** {@return the server's {@code min_supported_schema_version}} */
  public int serverMinSchema() {
    return serverMinSchema;
  }
}
