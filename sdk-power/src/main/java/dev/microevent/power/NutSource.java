package dev.microevent.power;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A UPS behind NUT's {@code upsd}, spoken to over the network protocol of RFC 9271. Besides the
 * readings the client polls, it gives the protocol's queries and commands. Every {@code ERR}
 * answer becomes a {@link NutErrorException} (an {@link dev.microevent.core.SdkServiceException}
 * naming this server and the error's wire name) with a typed {@link NutError}.
 *
 * <pre>{@code
 * try (NutSource ups = PowerSource.nut(NutConfig.builder().port(3493).upsName("stage")
 *     .credentials("admin", adminPassword).build())) {
 *   Map<String, String> vars = ups.variables();
 *   ups.instantCommand("beeper.mute");
 * }
 * }</pre>
 *
 * <p>Thread-safe: commands on the one connection are serialized. A lost connection is opened again
 * on the next call, with backoff.
 */
public interface NutSource extends PowerSource {

  /** {@return the UPS name on the server} */
  String upsName();

  /**
   * {@code LIST UPS}.
   *
   * @return UPS name to description, as served
   */
  Map<String, String> listUps();

  /**
   * {@code LIST VAR} of this UPS.
   *
   * @return variable name to value, sorted by name
   */
  Map<String, String> variables();

  /**
   * {@code GET VAR}.
   *
   * @param name e.g. {@code battery.charge}
   * @return the value; empty if the UPS does not have the variable or the value is empty
   */
  Optional<String> variable(String name);

  /**
   * {@code LIST CMD}.
   *
   * @return the instant commands this UPS supports
   */
  Set<String> commands();

  /**
   * {@code INSTCMD}; needs credentials with {@code instcmds} rights.
   *
   * @param command e.g. {@code test.battery.start}
   * @throws NutErrorException e.g. {@link NutError#CMD_NOT_SUPPORTED}, {@link NutError#ACCESS_DENIED}
   */
  void instantCommand(String command);

  /**
   * {@code INSTCMD} with a parameter (protocol 1.3).
   *
   * @param command the command
   * @param parameter its parameter
   */
  void instantCommand(String command, String parameter);

  /**
   * {@code SET VAR}; needs credentials with {@code actions = SET}. upsd applies it asynchronously,
   * about one driver poll later.
   *
   * @param name the variable
   * @param value the new value (quoted and escaped on the wire)
   */
  void setVariable(String name, String value);
}
