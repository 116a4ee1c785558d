package dev.microevent.testkit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Picks listening ports for fakes that stop and restart: below the usual ephemeral ranges (Linux
 * 32768-60999, BSD/macOS/Windows 49152-65535), because while a fake is stopped, an outgoing
 * connection of the client may be given its port as a source port, and the fake could not
 * listen on it again.
 */
public final class StablePorts {
  private static final int FIRST_PORT = 20_000;
  private static final int PORTS = 12_000;
  private static final int ATTEMPTS = 50;

  private StablePorts() {}

  /** Binds a server to a given port, or fails when it is taken. */
  @FunctionalInterface
  public interface Binder<T> {
    /**
     * Binds.
     *
     * @param port the port, or 0 for any
     * @return the bound server
     * @throws IOException when the port is taken
     */
    T bind(int port) throws IOException;
  }

  /**
   * Binds on a free port outside the ephemeral range, falling back to any free port.
   *
   * @param binder binds a server to a port
   * @param <T> the server type
   * @return the bound server
   * @throws IOException if not even an arbitrary port can be bound
   */
  public static <T> T bind(Binder<T> binder) throws IOException {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      try {
        return binder.bind(FIRST_PORT + ThreadLocalRandom.current().nextInt(PORTS));
      } catch (IOException | UncheckedIOException taken) {
        // another process has it; try another
      }
    }
    return binder.bind(0);
  }
}
