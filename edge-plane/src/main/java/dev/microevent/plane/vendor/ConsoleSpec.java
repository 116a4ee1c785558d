package dev.microevent.plane.vendor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.microevent.plane.PlaneException;
import dev.microevent.plane.internal.PlaneJson;
import dev.microevent.plane.internal.Problem;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * How to read one vendor console, declaratively: its login page and the CSS selectors of the login
 * form, what shows that the login worked (and, optionally, what shows that it failed), and the
 * values to read. Written in code or as JSON:
 *
 * <pre>{@code
 * {"name": "ups-panel", "loginUrl": "https://10.0.0.9/login.html",
 *  "login": {"username": "#user", "password": "#pass", "submit": "button[type=submit]",
 *            "success": "#dashboard", "failure": ".login-error"},
 *  "values": [{"name": "load", "selector": "#load"},
 *             {"name": "battery", "page": "power.html", "selector": "#battery .value"}]}
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class ConsoleSpec {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");

  private final String name;
  private final URI loginUrl;
  private final String usernameSelector;
  private final String passwordSelector;
  private final String submitSelector;
  private final String successSelector;
  private final @Nullable String failureSelector;
  private final List<ConsoleValue> values;

  private ConsoleSpec(Builder b) {
    this.name = b.name;
    this.loginUrl = Objects.requireNonNull(b.loginUrl, "loginUrl is required");
    this.usernameSelector = require(b.usernameSelector, "the username field's selector");
    this.passwordSelector = require(b.passwordSelector, "the password field's selector");
    this.submitSelector = require(b.submitSelector, "the submit button's selector");
    this.successSelector = require(b.successSelector, "the selector that shows a successful login");
    this.failureSelector = b.failureSelector;
    if (b.values.isEmpty()) {
      throw new IllegalArgumentException("console '" + name + "' has no values to read");
    }
    this.values = List.copyOf(b.values);
  }

  private static String require(@Nullable String s, String what) {
    if (s == null || s.isBlank()) {
      throw new IllegalArgumentException(what + " is required");
    }
    return s;
  }

  /**
   * A builder.
   *
   * @param name the console's name, the {@code console} tag of its meters
   * @return a new builder; not thread-safe
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * Reads a spec from JSON (the shape in this class's description).
   *
   * @param json the document
   * @return the spec
   * @throws PlaneException naming what is missing or invalid
   */
  public static ConsoleSpec parse(String json) {
    try {
      return read(Objects.requireNonNull(json, "json"));
    } catch (IllegalArgumentException e) {
      throw new PlaneException("the console spec is invalid: " + e.getMessage(), e);
    }
  }

  private static ConsoleSpec read(String json) {
    JsonNode doc;
    try {
      doc = PlaneJson.read(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), "the console spec");
    } catch (Problem p) {
      throw new IllegalArgumentException(p.getMessage(), p);
    }
    JsonNode login = doc.path("login");
    Builder b = builder(doc.path("name").asText(""));
    b.loginUrl(URI.create(doc.path("loginUrl").asText("")));
    b.loginForm(login.path("username").asText(""), login.path("password").asText(""), login.path("submit").asText(""))
        .loggedIn(login.path("success").asText(""));
    if (login.hasNonNull("failure")) {
      b.loginFailed(login.path("failure").asText());
    }
    for (JsonNode v : doc.path("values")) {
      b.value(new ConsoleValue(v.path("name").asText(""), v.path("page").asText(""), v.path("selector").asText("")));
    }
    return b.build();
  }

  /** {@return the console's name} */
  public String name() {
    return name;
  }

  /** {@return the login page} */
  public URI loginUrl() {
    return loginUrl;
  }

  /** {@return the user name field's selector} */
  public String usernameSelector() {
    return usernameSelector;
  }

  /** {@return the password field's selector} */
  public String passwordSelector() {
    return passwordSelector;
  }

  /** {@return the submit button's selector} */
  public String submitSelector() {
    return submitSelector;
  }

  /** {@return what appears once the login worked} */
  public String successSelector() {
    return successSelector;
  }

  /** {@return what appears when the login failed, if the console shows something} */
  public @Nullable String failureSelector() {
    return failureSelector;
  }

  /** {@return the values, in reading order} */
  public List<ConsoleValue> values() {
    return values;
  }

  /** Builds a {@link ConsoleSpec}. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private @Nullable URI loginUrl;
    private @Nullable String usernameSelector;
    private @Nullable String passwordSelector;
    private @Nullable String submitSelector;
    private @Nullable String successSelector;
    private @Nullable String failureSelector;
    private final List<ConsoleValue> values = new ArrayList<>();

    private Builder(String name) {
      Objects.requireNonNull(name, "name");
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("a console's name must match " + NAME.pattern() + ", got '" + name + "'");
      }
      this.name = name;
    }

    /**
     * The login page; required.
     *
     * @param url an absolute http(s) URL
     * @return this builder
     */
    public Builder loginUrl(URI url) {
      Objects.requireNonNull(url, "url");
      if (!url.isAbsolute() || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
        throw new IllegalArgumentException("loginUrl must be an absolute http(s) URL, got " + url);
      }
      this.loginUrl = url;
      return this;
    }

    /**
     * The login form's selectors; required.
     *
     * @param username the user name field
     * @param password the password field
     * @param submit the submit button
     * @return this builder
     */
    public Builder loginForm(String username, String password, String submit) {
      this.usernameSelector = Objects.requireNonNull(username, "username");
      this.passwordSelector = Objects.requireNonNull(password, "password");
      this.submitSelector = Objects.requireNonNull(submit, "submit");
      return this;
    }

    /**
     * What appears once the login worked; required.
     *
     * @param selector a CSS selector
     * @return this builder
     */
    public Builder loggedIn(String selector) {
      this.successSelector = Objects.requireNonNull(selector, "selector");
      return this;
    }

    /**
     * What appears when the login failed; optional (without it a refused login shows as a timeout
     * waiting for {@link #loggedIn}).
     *
     * @param selector a CSS selector
     * @return this builder
     */
    public Builder loginFailed(String selector) {
      this.failureSelector = Objects.requireNonNull(selector, "selector");
      return this;
    }

    /**
     * Adds a value on the page the login lands on.
     *
     * @param name the value's name
     * @param selector its CSS selector
     * @return this builder
     */
    public Builder value(String name, String selector) {
      return value(new ConsoleValue(name, "", selector));
    }

    /**
     * Adds a value.
     *
     * @param value the value
     * @return this builder
     */
    public Builder value(ConsoleValue value) {
      Objects.requireNonNull(value, "value");
      if (values.stream().anyMatch(v -> v.name().equals(value.name()))) {
        throw new IllegalArgumentException("value '" + value.name() + "' is listed twice");
      }
      values.add(value);
      return this;
    }

    /**
     * Builds the spec.
     *
     * @return the spec
     * @throws IllegalArgumentException naming what is missing
     */
    public ConsoleSpec build() {
      if (loginUrl == null) {
        throw new IllegalArgumentException("loginUrl is required");
      }
      return new ConsoleSpec(this);
    }
  }
}
