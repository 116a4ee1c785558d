package dev.microevent.plane.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A playbook: a short, declarative list of steps the plane carries out through its config document,
 * each an action, a check that the action took hold, and a rollback. Written in YAML:
 *
 * <pre>{@code
 * name: live-commerce
 * description: Creator pop-up: checkout first.
 * triggers:
 *   - { budget: payment, severity: PAGE }      # an alert of the plane's error budgets runs it
 *   - { budget: read, severity: PAGE, confirm: true }  # ... once an operator confirms it
 * steps:
 *   - name: payment-policy
 *     action: { type: intent-policy, intent: payment, set: { deadlineMs: 6000, bulkhead: 64 } }
 *     check: { type: planes-serving, within: 5s }
 *     rollback: restore                         # the default: put back what the action changed
 * }</pre>
 *
 * <p>Actions are the sections SDK clients apply from the document: {@code intent-policy}, {@code
 * slo}, {@code detector}, {@code route}, {@code flag}, {@code mode-policy}, {@code health-check};
 * those the modules own: {@code local-read-weight} (sdk-commerce's read cache), {@code
 * probe-period} (its synthetic probes), {@code slice-reservation} (sdk-slices' steering); and the
 * plane's own {@code decision-model}.
 * Immutable and thread-safe.
 *
 * @param name the playbook's name
 * @param description what it is for
 * @param steps its steps, in order
 * @param triggers the alerts that run it
 * @param source where it was read from
 */
public record Playbook(String name, String description, List<Step> steps, List<Trigger> triggers, String source) {
  /** Longest playbook file read. */
  public static final int MAX_BYTES = 64 * 1024;
  /** Most steps of one playbook. */
  public static final int MAX_STEPS = 32;
  static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");
  private static final Pattern TOKEN = Pattern.compile("[a-z][a-z0-9_-]{0,63}");
  private static final Pattern DURATION = Pattern.compile("([0-9]{1,6})(ms|s|m)");
  private static final Set<String> SEVERITIES = Set.of("TICKET", "PAGE");
  private static final List<String> DEGRADED_MODES = List.of("REDUCED", "CRITICAL_ONLY");
  private static final ObjectMapper YAML = YAMLMapper.builder(YAMLFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).maxStringLength(MAX_BYTES)
          .maxNumberLength(64).maxNameLength(256).build())
      .build()).build();

  /** The presets shipped with the plane: the two field playbooks. */
  public static final List<String> PRESETS = List.of("live-commerce", "sports-microhub");

  /**
   * Copies the lists.
   *
   * @param name the playbook's name
   * @param description what it is for
   * @param steps its steps, in order
   * @param triggers the alerts that run it
   * @param source where it was read from
   */
  public Playbook {
    steps = List.copyOf(steps);
    triggers = List.copyOf(triggers);
  }

  /**
   * One step.
   *
   * @param name its name, unique in the playbook
   * @param action what it changes
   * @param check how the plane knows it took hold
   * @param rollback what undoes it; null means restore what the action changed
   */
  public record Step(String name, Action action, Check check, @Nullable Action rollback) {}

  /**
   * A change to one place of the config document: a member set to a value, or an object's members
   * merged into it.
   *
   * @param type the action's type, e.g. {@code intent-policy}
   * @param path where in the document, e.g. {@code ["policies", "payment"]}
   * @param value the value to set, or the members to merge
   * @param merge whether {@code value}'s members are merged into an object there
   */
  public record Action(String type, List<String> path, JsonNode value, boolean merge) {
    /**
     * Copies the path.
     *
     * @param type the action's type, e.g. {@code intent-policy}
     * @param path where in the document, e.g. {@code ["policies", "payment"]}
     * @param value the value to set, or the members to merge
     * @param merge whether {@code value}'s members are merged into an object there
     */
    public Action {
      path = List.copyOf(path);
    }

    /**
     * The member-level changes this action makes to a document, with the values they replace.
     *
     * @param doc the document as it is
     * @return the changes, one per member set (only those whose value differs)
     */
    public List<Change> changes(JsonNode doc) {
      // A container that does not exist yet is one change (created whole, removed whole on undo),
      // so undoing leaves no empty objects behind.
      List<String> container = merge ? path : path.subList(0, path.size() - 1);
      for (int k = 0; k < container.size(); k++) {
        List<String> prefix = container.subList(0, k + 1);
        JsonNode existing = at(doc, prefix);
        if (existing == null || !existing.isObject()) {
          JsonNode leaf = value.deepCopy();
          for (int i = path.size() - 1; i > k; i--) {
            ObjectNode wrap = JsonNodeFactory.instance.objectNode();
            wrap.set(path.get(i), leaf);
            leaf = wrap;
          }
          return List.of(new Change(prefix, existing, leaf));
        }
      }
      List<Change> out = new ArrayList<>();
      if (merge) {
        for (Map.Entry<String, JsonNode> e : value.properties()) {
          List<String> p = new ArrayList<>(path);
          p.add(e.getKey());
          Change c = new Change(p, at(doc, p), e.getValue());
          if (!Objects.equals(c.before(), c.after())) {
            out.add(c);
          }
        }
      } else {
        Change c = new Change(path, at(doc, path), value);
        if (!Objects.equals(c.before(), c.after())) {
          out.add(c);
        }
      }
      return out;
    }

    /** {@return a one-line summary, e.g. {@code intent-policy /policies/payment {"deadlineMs":6000}}} */
    public String summary() {
      return type + " " + Change.pointer(path) + " " + value;
    }
  }

  /**
   * One member of the document changed.
   *
   * @param path where
   * @param before its value before, or null if it was absent
   * @param after its value after, or null if it is removed
   */
  public record Change(List<String> path, @Nullable JsonNode before, @Nullable JsonNode after) {
    /**
     * Copies the path.
     *
     * @param path where
     * @param before its value before, or null if it was absent
     * @param after its value after, or null if it is removed
     */
    public Change {
      path = List.copyOf(path);
    }

    /** {@return the change that undoes this one} */
    public Change inverse() {
      return new Change(path, after, before);
    }

    /**
     * Applies the change to a document in place.
     *
     * @param doc the document's root object
     */
    public void applyTo(ObjectNode doc) {
      ObjectNode parent = doc;
      for (int i = 0; i < path.size() - 1; i++) {
        JsonNode next = parent.get(path.get(i));
        if (next == null || !next.isObject()) {
          if (after == null) {
            return;
          }
          next = parent.putObject(path.get(i));
        }
        parent = (ObjectNode) next;
      }
      String last = path.get(path.size() - 1);
      if (after == null) {
        parent.remove(last);
      } else {
        parent.set(last, after.deepCopy());
      }
    }

    /** {@return the path as a JSON pointer, e.g. {@code /policies/payment/deadlineMs}} */
    public String pointer() {
      return pointer(path);
    }

    static String pointer(List<String> path) {
      return "/" + String.join("/", path);
    }
  }

  /**
   * How the plane checks that a step took hold.
   *
   * @param type {@code planes-serving} (every live plane of the venue serves the step's document),
   *     {@code http} (a GET through the plane answers {@code status}), {@code budget} (the plane's
   *     error budget {@code target} is calmer than {@code severity}), or {@code none}
   * @param within how long the check may take to pass
   * @param target the path of an {@code http} check, or the budget of a {@code budget} check
   * @param status the status an {@code http} check expects; 0 means any 2xx
   * @param severity the level a {@code budget} check must stay below
   */
  public record Check(String type, Duration within, @Nullable String target, int status, @Nullable String severity) {
    /** The default check: every live plane of the venue serves the new document within 5 s. */
    public static final Check PLANES_SERVING = new Check("planes-serving", Duration.ofSeconds(5), null, 0, null);
  }

  /**
   * An alert that runs the playbook.
   *
   * @param budget the error budget, e.g. {@code payment}
   * @param severity the level from which it runs ({@code TICKET} or {@code PAGE})
   * @param confirm whether it waits for an operator's confirmation rather than running at once
   */
  public record Trigger(String budget, String severity, boolean confirm) {}

  /**
   * Reads a playbook from YAML, checking its shape (the values the document will carry are checked
   * with the document itself, when a plan is made).
   *
   * @param yaml the bytes
   * @param source where they came from, for listings
   * @return the playbook
   * @throws Problem 413 if too long, or 422 {@code invalid_playbook} naming every problem
   */
  public static Playbook parse(byte[] yaml, String source) {
    if (yaml.length > MAX_BYTES) {
      throw Problem.of(413, "too_large", "a playbook is at most " + MAX_BYTES + " bytes, got " + yaml.length);
    }
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (java.io.IOException e) {
      throw new Problem(422, "invalid_playbook", "the playbook " + source + " is not valid YAML",
          List.of(e instanceof JacksonException j ? String.valueOf(j.getOriginalMessage()) : e.getClass().getSimpleName()),
          null);
    } catch (RuntimeException e) { // SnakeYAML's own limits (aliases, nesting) throw unchecked
      throw new Problem(422, "invalid_playbook", "the playbook " + source + " is not YAML the plane reads ("
          + e.getClass().getSimpleName() + ")", List.of(), null);
    }
    List<String> problems = new ArrayList<>();
    if (root == null || !root.isObject()) {
      throw new Problem(422, "invalid_playbook", "the playbook " + source + " must be a YAML mapping", List.of(), null);
    }
    String name = text(root, "name", "$", problems);
    if (name != null && !NAME.matcher(name).matches()) {
      problems.add("$.name: a playbook name matches " + NAME.pattern());
    }
    JsonNode d = root.get("description");
    String description = d != null && d.isTextual() ? d.asText() : "";
    List<Trigger> triggers = new ArrayList<>();
    JsonNode t = root.path("triggers");
    if (!t.isMissingNode() && !t.isArray()) {
      problems.add("$.triggers: a list of { budget, severity }");
    }
    for (int i = 0; t.isArray() && i < t.size(); i++) {
      String at = "$.triggers[" + i + "]";
      String budget = token(t.get(i), "budget", at, problems);
      String severity = text(t.get(i), "severity", at, problems);
      if (severity != null && !SEVERITIES.contains(severity)) {
        problems.add(at + ".severity: TICKET or PAGE");
      }
      JsonNode confirm = t.get(i).get("confirm");
      if (confirm != null && !confirm.isBoolean()) {
        problems.add(at + ".confirm: true (an operator confirms each run) or false (the default: it runs at once)");
      }
      if (budget != null && severity != null) {
        triggers.add(new Trigger(budget, severity, confirm != null && confirm.asBoolean()));
      }
    }
    List<Step> steps = new ArrayList<>();
    JsonNode s = root.path("steps");
    if (!s.isArray() || s.isEmpty()) {
      problems.add("$.steps: a playbook has 1 to " + MAX_STEPS + " steps");
    } else if (s.size() > MAX_STEPS) {
      problems.add("$.steps: at most " + MAX_STEPS + " steps, got " + s.size());
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; s.isArray() && i < Math.min(s.size(), MAX_STEPS); i++) {
      String at = "$.steps[" + i + "]";
      JsonNode step = s.get(i);
      String stepName = token(step, "name", at, problems);
      if (stepName != null && !names.add(stepName)) {
        problems.add(at + ".name: '" + stepName + "' is used twice");
      }
      Action action = action(step.path("action"), at + ".action", problems);
      Check check = check(step.get("check"), at + ".check", problems);
      JsonNode rb = step.get("rollback");
      Action rollback = null;
      if (rb != null && !(rb.isTextual() && rb.asText().equals("restore"))) {
        rollback = action(rb, at + ".rollback", problems);
      }
      if (stepName != null && action != null && check != null) {
        steps.add(new Step(stepName, action, check, rollback));
      }
    }
    if (!problems.isEmpty() || name == null) {
      throw new Problem(422, "invalid_playbook", "the playbook " + source + " has " + problems.size() + " problem(s)",
          problems.subList(0, Math.min(50, problems.size())), null);
    }
    return new Playbook(name, description, steps, triggers, source);
  }

  /**
   * The presets, read from the plane's jar.
   *
   * @return them, in {@link #PRESETS} order
   */
  public static List<Playbook> presets() {
    List<Playbook> out = new ArrayList<>();
    for (String name : PRESETS) {
      try (java.io.InputStream in = Objects.requireNonNull(
          Playbook.class.getResourceAsStream("playbooks/" + name + ".yaml"), "the preset " + name)) {
        out.add(parse(in.readAllBytes(), "preset"));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("cannot read the preset playbook " + name, e);
      }
    }
    return out;
  }

  /**
   * The presets, then every {@code *.yaml} / {@code *.yml} playbook in a directory (a file's
   * playbook replaces a preset of the same name).
   *
   * @param dir the directory, or null for the presets only
   * @return the playbooks
   * @throws Problem naming the file if one is not a valid playbook, or the directory cannot be read
   */
  public static List<Playbook> load(java.nio.file.@Nullable Path dir) {
    Map<String, Playbook> byName = new java.util.LinkedHashMap<>();
    presets().forEach(p -> byName.put(p.name(), p));
    if (dir != null) {
      List<java.nio.file.Path> files;
      try (java.util.stream.Stream<java.nio.file.Path> list = java.nio.file.Files.list(dir)) {
        files = list.filter(f -> f.getFileName().toString().matches(".*\\.ya?ml")).sorted().toList();
      } catch (java.io.IOException e) {
        throw Problem.of(422, "invalid_playbook", "cannot list the playbooks directory " + dir + " ("
            + e.getClass().getSimpleName() + ")");
      }
      for (java.nio.file.Path f : files) {
        byte[] bytes;
        try {
          bytes = java.nio.file.Files.readAllBytes(f);
        } catch (java.io.IOException e) {
          throw Problem.of(422, "invalid_playbook", "cannot read the playbook " + f + " (" + e.getClass().getSimpleName() + ")");
        }
        Playbook p = parse(bytes, f.toString());
        byName.put(p.name(), p);
      }
    }
    return List.copyOf(byName.values());
  }

  private static @Nullable Action action(JsonNode a, String at, List<String> problems) {
    if (!a.isObject()) {
      problems.add(at + ": an object with a type");
      return null;
    }
    String type = text(a, "type", at, problems);
    if (type == null) {
      return null;
    }
    return switch (type) {
      case "intent-policy" -> merged(a, type, "policies", token(a, "intent", at, problems), at, problems);
      case "route" -> merged(a, type, "routes", token(a, "intent", at, problems), at, problems);
      case "detector" -> merged(a, type, "detector", null, at, problems);
      case "health-check" -> merged(a, type, "health", null, at, problems);
      case "slo" -> {
        String intent = token(a, "intent", at, problems);
        JsonNode target = a.get("target");
        if (target == null || !target.isNumber()) {
          problems.add(at + ".target: a number strictly between 0 and 1");
          yield null;
        }
        yield intent == null ? null : new Action(type, List.of("slos", intent),
            JsonNodeFactory.instance.objectNode().set("target", target), false);
      }
      case "flag" -> {
        String flag = token(a, "name", at, problems);
        JsonNode value = a.get("value");
        if (value == null || !value.isBoolean()) {
          problems.add(at + ".value: true or false");
          yield null;
        }
        yield flag == null ? null : new Action(type, List.of("flags", flag), value, false);
      }
      case "mode-policy" -> {
        String mode = text(a, "mode", at, problems);
        if (mode != null && !DEGRADED_MODES.contains(mode)) {
          problems.add(at + ".mode: one of " + String.join(", ", DEGRADED_MODES) + " (NORMAL sheds nothing)");
          mode = null;
        }
        ObjectNode set = JsonNodeFactory.instance.objectNode();
        for (String member : List.of("keep", "shed")) {
          JsonNode list = a.get(member);
          if (list == null) {
            continue;
          }
          if (!list.isArray()) {
            problems.add(at + "." + member + ": a list of intents");
            continue;
          }
          for (int i = 0; i < list.size(); i++) {
            token(list, i, at + "." + member, problems);
          }
          set.set(member, list);
        }
        if (set.isEmpty()) {
          problems.add(at + ": a list of intents to keep, to shed, or both");
          yield null;
        }
        yield mode == null ? null : new Action(type, List.of("modes", mode), set, true);
      }
      case "decision-model" -> {
        String decision = token(a, "decision", at, problems);
        JsonNode model = a.get("model");
        if (model == null || !model.isObject()) {
          problems.add(at + ".model: a model object (see the config document's models section)");
          yield null;
        }
        yield decision == null ? null : new Action(type, List.of("models", decision), model, false);
      }
      // The modules' sections: the values' bounds are the document's, checked when a plan is made.
      case "local-read-weight" -> {
        JsonNode share = a.get("share");
        if (share == null || !share.isNumber()) {
          problems.add(at + ".share: the share of reads answered locally, a number from 0 to 1 (0.7: 70 %)");
          yield null;
        }
        yield new Action(type, List.of("cache", "localReadTarget"), share, false);
      }
      case "probe-period" -> {
        Duration period = duration(a.get("period"), at + ".period", problems);
        yield period == null ? null : new Action(type, List.of("probes", "intervalMs"),
            JsonNodeFactory.instance.numberNode(period.toMillis()), false);
      }
      case "slice-reservation" -> {
        String slice = text(a, "slice", at, problems);
        if (slice != null && !ConfigValidator.SLICE_ID.matcher(slice).matches()) {
          problems.add(at + ".slice: a slice id matching " + ConfigValidator.SLICE_ID.pattern());
          slice = null;
        }
        JsonNode intents = a.get("intents");
        if (intents == null || !intents.isArray()) {
          problems.add(at + ".intents: a list of the intents the slice is reserved for");
          yield null;
        }
        for (int i = 0; i < intents.size(); i++) {
          token(intents, i, at + ".intents", problems);
        }
        yield slice == null ? null : new Action(type, List.of("slices", slice, "intents"), intents, false);
      }
      default -> {
        problems.add(at + ".type: unknown action '" + type + "'; one of intent-policy, slo, detector, route, flag, "
            + "mode-policy, health-check, local-read-weight, probe-period, slice-reservation, decision-model");
        yield null;
      }
    };
  }

  private static @Nullable Action merged(JsonNode a, String type, String section, @Nullable String member, String at,
      List<String> problems) {
    JsonNode set = a.get("set");
    if (set == null || !set.isObject() || set.isEmpty()) {
      problems.add(at + ".set: an object of the members to set");
      return null;
    }
    if (member == null && !type.equals("detector") && !type.equals("health-check")) {
      return null;
    }
    return new Action(type, member == null ? List.of(section) : List.of(section, member), set, true);
  }

  private static @Nullable Check check(@Nullable JsonNode c, String at, List<String> problems) {
    if (c == null) {
      return Check.PLANES_SERVING;
    }
    if (!c.isObject()) {
      problems.add(at + ": an object with a type");
      return null;
    }
    String type = text(c, "type", at, problems);
    JsonNode w = c.get("within");
    Duration within = w == null ? Duration.ofSeconds(5) : duration(w, at + ".within", problems);
    if (within == null) {
      within = Duration.ofSeconds(5);
    }
    if (type == null) {
      return null;
    }
    switch (type) {
      case "planes-serving", "none" -> {
        return new Check(type, within, null, 0, null);
      }
      case "http" -> {
        String path = text(c, "path", at, problems);
        if (path != null && (!path.startsWith("/") || path.startsWith("/admin/") || path.length() > 256
            || !path.chars().allMatch(ch -> ch > ' ' && ch < 127))) {
          problems.add(at + ".path: an absolute path of printable ASCII, not under /admin/");
          return null;
        }
        JsonNode st = c.get("status");
        int status = 0;
        if (st != null) {
          if (!st.canConvertToInt() || st.asInt() < 100 || st.asInt() > 599) {
            problems.add(at + ".status: an HTTP status from 100 to 599");
            return null;
          }
          status = st.asInt();
        }
        return path == null ? null : new Check(type, within, path, status, null);
      }
      case "budget" -> {
        String budget = token(c, "budget", at, problems);
        String below = text(c, "below", at, problems);
        if (below != null && !SEVERITIES.contains(below)) {
          problems.add(at + ".below: TICKET or PAGE");
          return null;
        }
        return budget == null || below == null ? null : new Check(type, within, budget, 0, below);
      }
      default -> {
        problems.add(at + ".type: unknown check '" + type + "'; one of planes-serving, http, budget, none");
        return null;
      }
    }
  }

  /** A duration in the playbook's syntax ({@code 500ms}, {@code 5s}, {@code 2m}), or null after naming the problem. */
  private static @Nullable Duration duration(@Nullable JsonNode v, String at, List<String> problems) {
    java.util.regex.Matcher m = v != null && v.isTextual() ? DURATION.matcher(v.asText()) : null;
    if (m == null || !m.matches()) {
      problems.add(at + ": a duration like 500ms, 5s or 2m");
      return null;
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      default -> Duration.ofMinutes(n);
    };
  }

  private static @Nullable String text(JsonNode n, String field, String at, List<String> problems) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      problems.add(at + "." + field + ": a non-empty string");
      return null;
    }
    return v.asText();
  }

  private static @Nullable String token(JsonNode n, String field, String at, List<String> problems) {
    String v = text(n, field, at, problems);
    if (v != null && !TOKEN.matcher(v).matches()) {
      problems.add(at + "." + field + ": a lower-case token matching " + TOKEN.pattern());
      return null;
    }
    return v;
  }

  private static void token(JsonNode list, int i, String at, List<String> problems) {
    JsonNode v = list.get(i);
    if (!v.isTextual() || !TOKEN.matcher(v.asText()).matches()) {
      problems.add(at + "[" + i + "]: an intent, a lower-case token matching " + TOKEN.pattern());
    }
  }

  static @Nullable JsonNode at(JsonNode doc, List<String> path) {
    JsonNode n = doc;
    for (String p : path) {
      n = n.get(p);
      if (n == null) {
        return null;
      }
    }
    return n;
  }
}
