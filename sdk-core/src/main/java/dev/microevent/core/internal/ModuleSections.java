package dev.microevent.core.internal;

import dev.microevent.core.spi.ConfigSection;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The config sections modules own ({@link ConfigSection}): checked by the {@link ConfigParser}
 * with the core's own sections, applied after each accepted document with the values that check
 * read. Applies are serialised and each section is applied once per document, so a section
 * registered while a document is being applied ends on the newest one, applied once. Thread-safe.
 */
final class ModuleSections {
  private static final Logger log = LoggerFactory.getLogger(ModuleSections.class);

  /** A section's value as the parse of one document read it, ready to apply. */
  record Parsed<T>(ConfigSection<T> section, T value) {
    void apply() {
      section.apply(value);
    }
  }

  /** One registered section, its module and the document last applied to it. */
  private static final class Entry {
    final ConfigSection<?> section;
    final String owner;
    @Nullable ActiveConfig lastApplied;

    Entry(ConfigSection<?> section, String owner) {
      this.section = section;
      this.owner = owner;
    }
  }

  private final List<Entry> entries = new CopyOnWriteArrayList<>();
  private @Nullable Supplier<ActiveConfig> active;

  /** Where the document the client runs on is read, once the config sync exists. */
  synchronized void attach(Supplier<ActiveConfig> active) {
    this.active = active;
  }

  /** The sections registered so far, for the next parse. */
  List<ConfigSection<?>> registered() {
    List<ConfigSection<?>> out = new ArrayList<>(entries.size());
    entries.forEach(e -> out.add(e.section));
    return out;
  }

  /** Registers a module's section and applies it from the running document if that carries it. */
  synchronized void register(ConfigSection<?> section, String owner) {
    Objects.requireNonNull(section, "section");
    String name = Objects.requireNonNull(section.name(), "section.name()");
    if (!ConfigSection.NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("a config section's name must match " + ConfigSection.NAME + ": '"
          + name + "'");
    }
    if (ConfigParser.CORE_SECTIONS.contains(name)) {
      throw new IllegalArgumentException("'" + name + "' is one of the core's own config sections");
    }
    for (Entry e : entries) {
      if (e.section.name().equals(name)) {
        throw new IllegalArgumentException("the config section '" + name + "' is owned by module '" + e.owner
            + "' already");
      }
    }
    Entry entry = new Entry(section, owner);
    entries.add(entry);
    Supplier<ActiveConfig> a = active;
    if (a != null) {
      ActiveConfig config = a.get();
      byte[] raw = config.moduleSections().get(name);
      if (raw != null) {
        // the document was accepted before this module could check it: applied only if it passes now
        parseAndApply(section, raw);
      }
      entry.lastApplied = config;
    }
  }

  /** Forgets what a module registered: its install failed. */
  synchronized void removeOwner(String owner) {
    entries.removeIf(e -> e.owner.equals(owner));
  }

  /** Applies each registered section from an accepted document (null for a section it lacks). */
  @SuppressWarnings("ReferenceEquality") // the same document, not an equal one: each is applied once
  synchronized void applied(ActiveConfig config) {
    for (Entry e : entries) {
      if (e.lastApplied == config) {
        continue; // registered after this document was set: applied at registration
      }
      e.lastApplied = config;
      String name = e.section.name();
      Parsed<?> parsed = config.parsedSections().get(name);
      try {
        if (parsed != null && parsed.section() == e.section) {
          parsed.apply();
        } else {
          parseAndApply(e.section, config.moduleSections().get(name)); // registered after the parse
        }
      } catch (RuntimeException ex) {
        log.warn("config section '{}' threw while being applied; the rest of the document stays", name, ex);
      }
    }
  }

  /**
   * Parses one section, reporting into {@code problems} as {@code $.<section>.<member>: <what>}.
   *
   * @return the value, or null when a problem was reported
   */
  static <T> @Nullable Parsed<T> parse(ConfigSection<T> section, byte[] json, List<String> problems) {
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
      return null;
    }
    return new Parsed<>(section, value);
  }

  private static <T> void parseAndApply(ConfigSection<T> section, byte @Nullable [] raw) {
    try {
      if (raw == null) {
        section.apply(null);
        return;
      }
      List<String> problems = new ArrayList<>();
      Parsed<T> parsed = parse(section, raw, problems);
      if (parsed == null) {
        log.warn("config section '{}' not applied: {}", section.name(), problems);
        return;
      }
      parsed.apply();
    } catch (RuntimeException e) {
      log.warn("config section '{}' threw while being applied; the rest of the document stays", section.name(), e);
    }
  }
}
