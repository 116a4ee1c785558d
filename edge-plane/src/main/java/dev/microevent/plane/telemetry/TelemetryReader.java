package dev.microevent.plane.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.microevent.core.budget.Slo;
import dev.microevent.plane.telemetry.internal.Batches;
import dev.microevent.plane.telemetry.internal.Counts;
import dev.microevent.plane.telemetry.internal.Otlp;
import dev.microevent.plane.telemetry.internal.S3Bucket;
import dev.microevent.plane.telemetry.internal.WeightedGroups;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Central analytics on sampled aggregates: lists a venue's batches for a time range in an
 * S3-compatible store and computes per intent and per slice the SLO figures ({@link SloFigures}):
 * availability and burn rate from the collectors' exact counts, p50/p99 from the kept spans
 * weighted back, error classes.
 *
 * <pre>{@code
 * try (TelemetryReader reader = TelemetryReader.builder().store(store).slo("payment", Slo.percent(99.9)).build()) {
 *   TelemetryReport report = reader.report("arena-north", from, to);
 *   Files.writeString(Path.of("report.html"), report.html());
 * }
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class TelemetryReader implements AutoCloseable {
  private static final Duration MAX_RANGE = Duration.ofDays(31);

  private final S3Bucket bucket;
  private final Map<String, Slo> slos;
  private final Slo defaultSlo;

  private TelemetryReader(Builder b) {
    this.bucket = new S3Bucket(Objects.requireNonNull(b.store, "store is required"));
    this.slos = Map.copyOf(b.slos);
    this.defaultSlo = b.defaultSlo;
  }

  /**
   * A builder.
   *
   * @return a new builder; not thread-safe
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The keys of a venue's batches sealed within {@code [from, to)} (by their hour prefix), in
   * time order per collector.
   *
   * @param venue the venue
   * @param from the start, inclusive
   * @param to the end, exclusive
   * @return the keys
   * @throws TelemetryException if the store cannot be listed
   * @throws IllegalArgumentException if the venue is not a key segment or the range is empty or
   *     longer than 31 days
   */
  public List<String> list(String venue, Instant from, Instant to) {
    check(venue, from, to);
    List<String> keys = new ArrayList<>();
    for (Instant h = from.truncatedTo(ChronoUnit.HOURS); h.isBefore(to); h = h.plus(Duration.ofHours(1))) {
      for (S3Object o : bucket.list(Batches.hourPrefix(venue, h))) {
        if (Batches.parseKey(o.key()).matches()) {
          keys.add(o.key());
        }
      }
    }
    return keys;
  }

  /**
   * Reads a venue's batches sealed within {@code [from, to)} and computes the report.
   *
   * @param venue the venue
   * @param from the start, inclusive
   * @param to the end, exclusive
   * @return the report
   * @throws TelemetryException if the store cannot be read or holds a damaged batch
   * @throws IllegalArgumentException if the venue is not a key segment or the range is empty or
   *     longer than 31 days
   */
  public TelemetryReport report(String venue, Instant from, Instant to) {
    WeightedGroups groups = new WeightedGroups();
    int batches = 0;
    for (String key : list(venue, from, to)) {
      JsonNode doc = Batches.read(bucket.get(key), key);
      Instant sealed = sealedAt(doc, key);
      if (sealed.isBefore(from) || !sealed.isBefore(to)) {
        continue;
      }
      batches++;
      WeightedGroups.Batch batch = groups.batch();
      Counts.read(doc.path("counts"), batch::count);
      Otlp.forEachSpan(doc.path("resourceSpans"), node -> {
        try {
          Span s = Otlp.span(node);
          batch.span(s, weightOf(node));
        } catch (IllegalArgumentException e) {
          // a damaged span is not counted twice: the batch's counts already hold it
        }
      });
      batch.close();
    }
    List<SloFigures> figures = groups.figures(this::target);
    return new TelemetryReport(venue, from, to, batches, figures);
  }

  private static double weightOf(JsonNode span) {
    for (JsonNode kv : span.path("attributes")) {
      if (Otlp.WEIGHT.equals(kv.path("key").asText())) {
        double w = kv.path("value").path("doubleValue").asDouble(1);
        return w >= 1 && w <= 1e9 ? w : 1;
      }
    }
    return 1;
  }

  private static Instant sealedAt(JsonNode doc, String key) {
    try {
      return Instant.parse(doc.path("sealedAt").asText());
    } catch (java.time.format.DateTimeParseException e) {
      throw new TelemetryException("the object '" + key + "' has no valid sealedAt", e, false);
    }
  }

  private double target(String intent) {
    return slos.getOrDefault(intent, defaultSlo).target();
  }

  private static void check(String venue, Instant from, Instant to) {
    Objects.requireNonNull(venue, "venue");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (!Batches.NAME.matcher(venue).matches()) {
      throw new IllegalArgumentException("venue must match " + Batches.NAME.pattern() + ", got '" + venue + "'");
    }
    if (!from.isBefore(to) || Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
      throw new IllegalArgumentException("the range must be non-empty and at most 31 days, got " + from + " .. " + to);
    }
  }

  /** Closes the store client. Idempotent. */
  @Override
  public void close() {
    bucket.close();
  }

  /** Builds a {@link TelemetryReader}. Not thread-safe. */
  public static final class Builder {
    private @Nullable ObjectStore store;
    private final Map<String, Slo> slos = new HashMap<>();
    private Slo defaultSlo = Slo.percent(99.9);

    private Builder() {}

    /**
     * The object store; required.
     *
     * @param store the store
     * @return this builder
     */
    public Builder store(ObjectStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * The SLO of one intent; intents without one are judged against {@link #defaultSlo}.
     *
     * @param intent the intent's name
     * @param slo the objective
     * @return this builder
     */
    public Builder slo(String intent, Slo slo) {
      slos.put(Objects.requireNonNull(intent, "intent"), Objects.requireNonNull(slo, "slo"));
      return this;
    }

    /**
     * The SLO of intents without their own; default 99.9 %.
     *
     * @param slo the objective
     * @return this builder
     */
    public Builder defaultSlo(Slo slo) {
      this.defaultSlo = Objects.requireNonNull(slo, "slo");
      return this;
    }

    /**
     * Opens the store client.
     *
     * @return the reader; close it when done
     */
    public TelemetryReader build() {
      return new TelemetryReader(this);
    }
  }
}
