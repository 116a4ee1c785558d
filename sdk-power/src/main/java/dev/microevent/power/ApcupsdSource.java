package dev.microevent.power;

import java.util.Map;

/**
 * A UPS behind apcupsd's network information server (NIS, port 3551): length-framed records over
 * TCP. Each read opens a connection, asks {@code status}, and closes it.
 *
 * <p>Thread-safe.
 */
public interface ApcupsdSource extends PowerSource {

  /**
   * Asks for the full status.
   *
   * @return keyword to value (trimmed), in the order sent
   * @throws PowerSourceException if the server is unreachable or breaks the framing
   */
  Map<String, String> status();
}
