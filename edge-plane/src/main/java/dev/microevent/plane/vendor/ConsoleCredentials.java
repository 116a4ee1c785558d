package dev.microevent.plane.vendor;

import java.util.Objects;

/**
 * A console login. {@link #toString()} shows neither part; the collector never logs them and never
 * puts them in an exception's message.
 *
 * <p>Immutable and thread-safe.
 */
public final class ConsoleCredentials {
  private final String username;
  private final char[] password;

  private ConsoleCredentials(String username, char[] password) {
    this.username = username;
    this.password = password;
  }

  /**
   * A login.
   *
   * @param username the user name
   * @param password the password (copied)
   * @return the credentials
   */
  public static ConsoleCredentials of(String username, char[] password) {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    if (username.isEmpty() || password.length == 0) {
      throw new IllegalArgumentException("the console's user name and password must not be empty");
    }
    return new ConsoleCredentials(username, password.clone());
  }

  /**
   * Reads a login from two environment variables.
   *
   * @param usernameVariable e.g. {@code UPS_CONSOLE_USER}
   * @param passwordVariable e.g. {@code UPS_CONSOLE_PASSWORD}
   * @return the credentials
   * @throws IllegalArgumentException naming the variable that is not set
   */
  public static ConsoleCredentials fromEnvironment(String usernameVariable, String passwordVariable) {
    String user = System.getenv(Objects.requireNonNull(usernameVariable, "usernameVariable"));
    String pass = System.getenv(Objects.requireNonNull(passwordVariable, "passwordVariable"));
    if (user == null || pass == null) {
      throw new IllegalArgumentException("set " + (user == null ? usernameVariable : passwordVariable)
          + " to the console's login");
    }
    return of(user, pass.toCharArray());
  }

  /** {@return the user name} */
  public String username() {
    return username;
  }

  /** {@return a copy of the password} */
  public char[] password() {
    return password.clone();
  }

  @Override
  public String toString() {
    return "ConsoleCredentials[****]";
  }
}
