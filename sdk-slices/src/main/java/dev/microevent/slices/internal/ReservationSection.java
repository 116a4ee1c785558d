package dev.microevent.slices.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.microevent.core.Intent;
import dev.microevent.core.spi.ConfigSection;
import dev.microevent.core.spi.JsonCodec;
import dev.microevent.core.spi.Meters;
import dev.microevent.slices.Slice;
import dev.microevent.slices.SliceId;
import dev.microevent.slices.SlicePlan;
import dev.microevent.slices.SliceReservations;
import dev.microevent.slices.SliceRule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plane config document's {@code slices} section, {@code {"<sliceId>": {"intents": [...]}}}:
 * slice reservations (docs/slices.md, "Steered from the plane"). What is malformed is a problem
 * that rejects the whole document; a slice this app's plan does not have (another app of the
 * fleet may) and an intent the plan's isolation keeps off a slice are skipped, logged once per
 * document and counted.
 */
final class ReservationSection implements ConfigSection<ReservationSection.Requested> {
  private static final Logger log = LoggerFactory.getLogger(ReservationSection.class);
  static final String NAME = "slices";
  static final int MAX_SLICES = 16;
  static final int MAX_INTENTS = 32;
  /** How much of an input string a problem quotes. */
  private static final int QUOTED = 40;

  /** What a document asks for: each slice's intents, in document order. */
  record Requested(Map<SliceId, List<Intent>> bySlice) {}

  private final SteeringEngine engine;
  private final JsonCodec json;
  private final Meters meters;
  /** The intents this client knows by name, as the core's config sections resolve them. */
  private final Map<String, Intent> known;

  ReservationSection(SteeringEngine engine, Map<String, Intent> coreIntents, JsonCodec json, Meters meters) {
    this.engine = engine;
    this.json = json;
    this.meters = meters;
    this.known = knownIntents(coreIntents, engine.plan());
  }

  /** The intents the core client knows, then the app's own that its plan names (rules and exclusive slices). */
  private static Map<String, Intent> knownIntents(Map<String, Intent> coreIntents, SlicePlan plan) {
    Map<String, Intent> out = new LinkedHashMap<>(coreIntents);
    for (SliceRule r : plan.rules()) {
      r.intents().forEach(i -> out.putIfAbsent(i.name(), i));
    }
    for (Slice s : plan.slices().values()) {
      s.exclusiveTo().forEach(i -> out.putIfAbsent(i.name(), i));
    }
    return java.util.Collections.unmodifiableMap(out);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public @Nullable Requested parse(byte[] bytes, Problems problems) {
    JsonNode root;
    try {
      root = json.read(bytes, JsonNode.class);
    } catch (RuntimeException e) {
      problems.report("", "not JSON the client accepts: " + quote(String.valueOf(e.getMessage())));
      return null;
    }
    if (!root.isObject()) {
      problems.report("", "expected an object of slice reservations {\"<sliceId>\": {\"intents\": [...]}}, got "
          + type(root));
      return null;
    }
    if (root.size() > MAX_SLICES) {
      problems.report("", "at most " + MAX_SLICES + " slices, got " + root.size());
      return null;
    }
    Map<SliceId, List<Intent>> bySlice = new LinkedHashMap<>();
    Map<Intent, SliceId> owners = new HashMap<>();
    for (Map.Entry<String, JsonNode> entry : root.properties()) {
      String key = entry.getKey();
      SliceId slice;
      try {
        slice = SliceId.of(key);
      } catch (IllegalArgumentException e) {
        problems.report("", "'" + quote(key) + "' is not a slice id (1 to 32 characters of [a-z0-9_.-])");
        continue;
      }
      List<Intent> intents = intents(slice, entry.getValue(), owners, problems);
      if (intents != null) {
        bySlice.put(slice, intents);
      }
    }
    return new Requested(bySlice);
  }

  private @Nullable List<Intent> intents(SliceId slice, JsonNode node, Map<Intent, SliceId> owners,
      Problems problems) {
    String at = slice.value();
    if (!node.isObject()) {
      problems.report(at, "expected an object {\"intents\": [...]}, got " + type(node));
      return null;
    }
    for (Map.Entry<String, JsonNode> member : node.properties()) {
      if (!member.getKey().equals("intents")) {
        problems.report(at + "." + quote(member.getKey()), "unknown member (known: intents)");
      }
    }
    JsonNode list = node.get("intents");
    if (list == null || !list.isArray()) {
      problems.report(at + ".intents", "expected an array of intent names, got " + (list == null ? "none" : type(list)));
      return null;
    }
    if (list.size() > MAX_INTENTS) {
      problems.report(at + ".intents", "at most " + MAX_INTENTS + " intents per slice, got " + list.size());
      return null;
    }
    List<Intent> out = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      JsonNode n = list.get(i);
      String path = at + ".intents[" + i + "]";
      if (!n.isTextual()) {
        problems.report(path, "expected an intent name, got " + type(n));
        continue;
      }
      Intent intent = known.get(n.asText());
      if (intent == null) {
        problems.report(path, "unknown intent '" + quote(n.asText()) + "' (known: " + String.join(", ", known.keySet())
            + ")");
        continue;
      }
      SliceId owner = owners.putIfAbsent(intent, slice);
      if (owner != null) {
        problems.report(path, owner.equals(slice) ? "'" + intent.name() + "' is listed twice"
            : "'" + intent.name() + "' is reserved for " + owner + " already; an intent leaves through one slice");
        continue;
      }
      out.add(intent);
    }
    return List.copyOf(out);
  }

  private static String type(JsonNode n) {
    return n.getNodeType().name().toLowerCase(Locale.ROOT);
  }

  private static String quote(String s) {
    return s.length() <= QUOTED ? s : s.substring(0, QUOTED) + "...(" + s.length() + " characters)";
  }

  /**
   * Puts an accepted document's reservations into effect, minus those this app's plan cannot
   * take; null (no section) goes back to the plan's rules alone.
   */
  @Override
  public void apply(@Nullable Requested requested) {
    SliceReservations before = engine.reservations();
    SliceReservations now = requested == null ? SliceReservations.NONE : resolve(requested);
    engine.reserve(now);
    if (!now.skipped().isEmpty()) {
      log.warn("slice reservations of the plane's config document skipped (this app's plan cannot take them): {}",
          now.skipped());
    }
    if (!now.byIntent().equals(before.byIntent())) {
      log.info("slice reservations in effect: {}", now.byIntent().isEmpty() ? "none, the plan's rules alone"
          : now.byIntent());
    }
  }

  private SliceReservations resolve(Requested requested) {
    SlicePlan plan = engine.plan();
    Map<Intent, SliceId> byIntent = new LinkedHashMap<>();
    List<String> skipped = new ArrayList<>();
    requested.bySlice().forEach((id, intents) -> {
      if (intents.isEmpty()) {
        return;
      }
      Slice slice = plan.slice(id).orElse(null);
      if (slice == null && !id.isDefaultNetwork()) {
        skipped.add(id + ": not a slice of this app's plan (" + names(intents) + ")");
        meters.count("microevent.slices.reservations.skipped", "reason", "unknown_slice");
        return;
      }
      List<Intent> refused = new ArrayList<>();
      for (Intent i : intents) {
        if (slice == null || slice.admits(i)) {
          byIntent.put(i, id);
        } else {
          refused.add(i);
        }
      }
      if (slice != null && !refused.isEmpty()) {
        skipped.add(id + ": reserved for " + slice.exclusiveTo() + " by this app's plan (" + names(refused) + ")");
        meters.count("microevent.slices.reservations.skipped", "reason", "exclusive");
      }
    });
    return new SliceReservations(byIntent, skipped);
  }

  private static String names(List<Intent> intents) {
    return intents.stream().map(Intent::name).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return "slice reservations of " + engine;
  }
}
