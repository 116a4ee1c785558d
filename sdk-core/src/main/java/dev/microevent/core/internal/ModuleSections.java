package dev.microevent.core.internal;

import dev.microevent.core.spi.ConfigSection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The config sections modules own ({@link ConfigSection}): checked by the {@link ConfigParser}
 * with the core's own sections, applied after each accepted document. Applies are serialised, so a
 * section registered while a document is being applied ends on the newest one. Thread-safe.
 */
final class ModuleSections {
  private static final Logger log = LoggerFactory.getLogger(ModuleSections.class);
  /** The core's own top-level members: no module may own one. */
  static final Set<String> CORE = Set.of("version", "policies", "slos", "detector", "flags", "routes", "oracle",
      "modes", "health");

  private final List<ConfigSection<?>> sections = new CopyOnWriteArrayList<>();
  private @Nullable Supplier<ActiveConfig> active;

  /** Where the document the client runs on is read, once the config sync exists. */
  synchronized void attach(Supplier<ActiveConfig> active) {
    this.active = active;
  }

  /** The sections registered so far, for the next parse. */
  List<ConfigSection<?>> registered() {
    return List.copyOf(sections);
  }

  /** Registers a section and applies it from the running document if that carries it. */
  synchronized void register(ConfigSection<?> section) {
    Objects.requireNonNull(section, "section");
    String name = Objects.requireNonNull(section.name(), "section.name()");
    if (!ConfigSection.NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("a config section's name must match " + ConfigSection.NAME + ": '"
          + name + "'");
    }
    if (CORE.contains(name)) {
      throw new IllegalArgumentException("'" + name + "' is one of the core's own config sections");
    }
    for (ConfigSection<?> s : sections) {
      if (s.name().equals(name)) {
        throw new IllegalArgumentException("the config section '" + name + "' has an owner already: " + s);
      }
    }
    sections.add(section);
    Supplier<ActiveConfig> a = active;
    byte[] raw = a == null ? null : a.get().moduleSections().get(name);
    if (raw != null) {
      // the document was accepted before this module could check it: applied only if it passes now
      applyQuietly(section, raw);
    }
  }

  /** Applies each registered section from an accepted document (null for a section it lacks). */
  synchronized void applied(ActiveConfig config) {
    Map<String, byte[]> raw = config.moduleSections();
    for (ConfigSection<?> s : sections) {
      applyQuietly(s, raw.get(s.name()));
    }
  }

  /**
   * Parses one section, reporting into {@code problems} as {@code $.<section>.<member>: <what>}.
   *
   * @return the value, or null when a problem was reported
   */
  static <T> @Nullable T parse(ConfigSection<T> section, byte[] json, List<String> problems) {
    int before = problems.size();
    String at = "$." + section.name();
    T value;
    try {
      value = section.parse(json, (member, what) -> problems.add(
          (member == null || member.isEmpty() ? at : member.startsWith("[") ? at + member : at + "." + member)
              + ": " + what));
    } catch (RuntimeException e) {
      problems.add(at + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
      return null;
    }
    if (problems.size() > before) {
      return null;
    }
    if (value == null) {
      problems.add(at + ": the module read no value");
    }
    return value;
  }

  private static <T> void applyQuietly(ConfigSection<T> section, byte @Nullable [] raw) {
    try {
      T value = null;
      if (raw != null) {
        List<String> problems = new ArrayList<>();
        value = parse(section, raw, problems);
        if (value == null) {
          log.warn("config section '{}' not applied: {}", section.name(), problems);
          return;
        }
      }
      section.apply(value);
    } catch (RuntimeException e) {
      log.warn("config section '{}' threw while being applied; the rest of the document stays", section.name(), e);
    }
  }
}
