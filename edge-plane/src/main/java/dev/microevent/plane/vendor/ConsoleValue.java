package dev.microevent.plane.vendor;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One value to read from a console: the number in the text of the element a CSS selector
 * matches, on the page reached after login or on another page of the console.
 *
 * @param name the value's name, the {@code value} tag of {@code microevent.vendor.value}
 * @param page the page's path relative to the login URL (e.g. {@code power.html}), or empty for
 *     the page the login lands on
 * @param selector the CSS selector of the element whose text holds the number
 */
public record ConsoleValue(String name, String page, String selector) {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");

  /**
   * Validates every component.
   *
   * @param name the value's name, the {@code value} tag of {@code microevent.vendor.value}
   * @param page the page's path relative to the login URL (e.g. {@code power.html}), or empty for
   *     the page the login lands on
   * @param selector the CSS selector of the element whose text holds the number
   */
  public ConsoleValue {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(page, "page");
    Objects.requireNonNull(selector, "selector");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("a value's name must match " + NAME.pattern() + ", got '" + name + "'");
    }
    if (selector.isBlank()) {
      throw new IllegalArgumentException("the selector of value '" + name + "' is blank");
    }
    if (page.contains("://") || page.startsWith("//")) {
      throw new IllegalArgumentException("the page of value '" + name + "' must be a path within the console");
    }
  }
}
