package dev.microevent.plane.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.microevent.core.AttemptEvent;
import dev.microevent.core.CallEvent;
import dev.microevent.core.CallListener;
import dev.microevent.core.Outcome;
import dev.microevent.core.TraceContext;
import dev.microevent.plane.internal.PlaneJson;
import dev.microevent.plane.internal.Problem;
import dev.microevent.plane.telemetry.internal.Batches;
import dev.microevent.plane.telemetry.internal.Counts;
import dev.microevent.plane.telemetry.internal.MeterSnapshot;
import dev.microevent.plane.telemetry.internal.Otlp;
import dev.microevent.plane.telemetry.internal.S3Bucket;
import dev.microevent.plane.telemetry.internal.Spool;
import dev.microevent.plane.telemetry.internal.Tokens;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge collector: takes spans (from the SDK's {@link #callListener()}, {@link #record(Span)},
 * or OTLP/JSON over the plane's {@code POST /telemetry/v1/traces}) and meter snapshots ({@code POST
 * /telemetry/v1/metrics}, and the registry given to {@link Builder#meterSource}), keeps what the
 * {@link SamplingPolicy} keeps while counting everything, and seals batches (every {@link
 * Builder#batchMaxSpans} kept spans or {@link Builder#flushInterval}) into a bounded on-disk spool;
 * a background thread uploads the spool, oldest first, as gzip-compressed objects keyed {@code
 * venue/yyyy-MM-dd/HH/collector/sequence.json.gz}. The key is fixed when the batch is sealed, so a
 * retry replaces the same object and never makes a duplicate; while the uplink is down the spool
 * keeps the batches (dropping the oldest when full, counted in {@link #stats()}) and drains when
 * it returns.
 *
 * <pre>{@code
 * try (TelemetryCollector telemetry = TelemetryCollector.builder()
 *     .venue("arena-north").collectorId("edge-1")
 *     .store(store).spoolDirectory(Path.of("/var/lib/microevent/spool"))
 *     .start()) {
 *   MicroEventClient client = MicroEventClient.builder()...addCallListener(telemetry.callListener()).build();
 * }
 * }</pre>
 *
 * <p>Thread-safe. Taking a span never blocks on the network or the disk.
 */
public final class TelemetryCollector implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TelemetryCollector.class);
  private static final int MAX_PENDING_SEALS = 16;
  /** {@link Outcome#tag()} builds a new string per call; the per-span path reads these instead. */
  private static final Map<Outcome, String> OUTCOME_TAGS = new java.util.EnumMap<>(Outcome.class);

  static {
    for (Outcome o : Outcome.values()) {
      OUTCOME_TAGS.put(o, o.tag());
    }
  }

  private final String venue;
  private final String collectorId;
  private final String serviceName;
  private final SamplingPolicy sampling;
  private final int batchMaxSpans;
  private final Clock clock;
  private final Spool spool;
  private final S3Bucket bucket;
  private final @Nullable MeterRegistry meterSource;
  private final ScheduledExecutorService worker;
  private final ArrayNode resource;

  private final Object lock = new Object();
  private Span[] spans;
  private double[] weights;
  private int size;
  private Counts counts = new Counts();
  private ArrayNode metrics = PlaneJson.MAPPER.createArrayNode();

  private final AtomicLong seen = new AtomicLong();
  private final AtomicLong kept = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong sealed = new AtomicLong();
  private final AtomicLong uploaded = new AtomicLong();
  private final AtomicLong droppedBatches = new AtomicLong();
  private final AtomicLong droppedSpans = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicInteger pendingSeals = new AtomicInteger();
  private volatile String lastError = "";
  private volatile long backoffUntilMillis;
  private long backoffMillis;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final ThreadLocal<String> lastBinding = new ThreadLocal<>();

  private TelemetryCollector(Builder b, Spool spool, S3Bucket bucket) {
    this.venue = Objects.requireNonNull(b.venue);
    this.collectorId = b.collectorId;
    this.serviceName = b.serviceName;
    this.sampling = b.sampling;
    this.batchMaxSpans = b.batchMaxSpans;
    this.clock = b.clock;
    this.spool = spool;
    this.bucket = bucket;
    this.meterSource = b.meterSource;
    this.spans = new Span[Math.min(batchMaxSpans, 1024)];
    this.weights = new double[spans.length];
    this.resource = PlaneJson.MAPPER.createArrayNode();
    attribute(resource, "service.name", serviceName);
    attribute(resource, "microevent.venue", venue);
    attribute(resource, "microevent.collector", collectorId);
    this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "telemetry-" + collectorId);
      t.setDaemon(true);
      return t;
    });
    if (b.registry != null) {
      bindMeters(b.registry);
    }
  }

  private static void attribute(ArrayNode attrs, String key, String value) {
    attrs.addObject().put("key", key).putObject("value").put("stringValue", value);
  }

  /**
   * A builder.
   *
   * @return a new builder; not thread-safe
   */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return the venue this collector uploads for} */
  public String venue() {
    return venue;
  }

  /** {@return the collector's id, one segment of every key} */
  public String collectorId() {
    return collectorId;
  }

  /**
   * Takes one span: counts it, and keeps it if the sampling policy does. Never blocks on I/O; a
   * full batch is sealed on the collector's thread.
   *
   * @param span the span
   * @return whether it was kept
   */
  public boolean record(Span span) {
    Objects.requireNonNull(span, "span");
    return record(span, sampling.weight(span));
  }

  /** A full batch handed from the recording thread to the collector's thread. */
  @SuppressWarnings("ArrayRecordComponent") // handed over once, never compared
  private record Full(Span[] spans, double[] weights, int size, Counts counts) {}

  private boolean record(Span span, double weight) {
    seen.incrementAndGet();
    boolean keep = weight > 0;
    Full full = null;
    synchronized (lock) {
      counts.add(span.intent(), span.slice(), span.outcome(), keep);
      if (keep) {
        if (size == spans.length) {
          int n = Math.min(batchMaxSpans, spans.length * 2);
          spans = Arrays.copyOf(spans, n);
          weights = Arrays.copyOf(weights, n);
        }
        spans[size] = span;
        weights[size] = weight;
        size++;
        if (size >= batchMaxSpans) {
          full = new Full(spans, weights, size, counts);
          spans = new Span[Math.min(batchMaxSpans, 1024)];
          weights = new double[spans.length];
          size = 0;
          counts = new Counts();
        }
      }
    }
    if (keep) {
      kept.incrementAndGet();
    }
    if (full != null) {
      handOver(full);
    }
    return keep;
  }

  private void handOver(Full f) {
    if (pendingSeals.incrementAndGet() > MAX_PENDING_SEALS) {
      pendingSeals.decrementAndGet();
      dropped(1, f.size(), "the collector is behind on sealing batches");
      return;
    }
    try {
      worker.execute(() -> {
        try {
          seal(f.spans(), f.weights(), f.size(), f.counts(), PlaneJson.MAPPER.createArrayNode());
        } finally {
          pendingSeals.decrementAndGet();
        }
      });
    } catch (RejectedExecutionException e) {
      pendingSeals.decrementAndGet();
      dropped(1, f.size(), "the collector is closed");
    }
  }

  private void dropped(int batches, long spanCount, String why) {
    droppedBatches.addAndGet(batches);
    droppedSpans.addAndGet(spanCount);
    log.warn("telemetry: dropped {} batch(es) with {} spans: {}", batches, spanCount, why);
  }

  /**
   * Takes an OTLP/JSON {@code ExportTraceServiceRequest}. Spans that carry a {@code
   * microevent.sample.weight} were sampled upstream and are kept with that weight; the others go
   * through this collector's sampling policy.
   *
   * @param json the request body
   * @return how many spans were taken and refused
   * @throws TelemetryException if the body is not an OTLP traces request
   */
  public IngestResult ingestTraces(byte[] json) {
    Otlp.Parsed parsed;
    try {
      parsed = Otlp.traces(PlaneJson.read(json, "the traces request"));
    } catch (Problem p) {
      throw new TelemetryException(String.valueOf(p.getMessage()), null, false);
    }
    for (Otlp.Weighted s : parsed.spans()) {
      record(s.span(), s.weight() > 1 ? s.weight() : sampling.weight(s.span()));
    }
    rejected.addAndGet(parsed.rejected());
    return new IngestResult(parsed.spans().size(), parsed.rejected(), parsed.firstProblem());
  }

  /**
   * Takes an OTLP/JSON {@code ExportMetricsServiceRequest}: its {@code resourceMetrics} go into the
   * next batch as they are.
   *
   * @param json the request body
   * @return how many resource metrics were taken
   * @throws TelemetryException if the body is not an OTLP metrics request
   */
  public IngestResult ingestMetrics(byte[] json) {
    JsonNode doc;
    try {
      doc = PlaneJson.read(json, "the metrics request");
    } catch (Problem p) {
      throw new TelemetryException(String.valueOf(p.getMessage()), null, false);
    }
    JsonNode rm = doc.path("resourceMetrics");
    if (!doc.isObject() || !rm.isArray()) {
      throw new TelemetryException("the body must be an OTLP/JSON ExportMetricsServiceRequest (an object with a "
          + "'resourceMetrics' array)", null, false);
    }
    synchronized (lock) {
      for (JsonNode r : rm) {
        metrics.add(r);
      }
    }
    return new IngestResult(rm.size(), 0, "");
  }

  /**
   * A call listener that turns every call the SDK client finishes into a span (trace id from the
   * request's {@code traceparent}, else a new one; slice = the binding of the last attempt) and
   * records it. Add it with {@code MicroEventClient.Builder.addCallListener}.
   *
   * @return the listener
   */
  public CallListener callListener() {
    return new CallListener() {
      @Override
      public void onAttempt(AttemptEvent event) {
        lastBinding.set(event.binding());
      }

      @Override
      public void onCall(CallEvent event) {
        String binding = lastBinding.get();
        lastBinding.remove();
        record(spanOf(event, binding));
      }
    };
  }

  /**
   * The span of a finished call.
   *
   * @param event the call
   * @param binding the binding (slice) of its last attempt, or null for {@code default}
   * @return the span
   */
  public static Span spanOf(CallEvent event, @Nullable String binding) {
    String traceId = null;
    Map<String, List<String>> headers = event.request().headers();
    if (!headers.isEmpty()) {
      for (Map.Entry<String, List<String>> h : headers.entrySet()) {
        if (h.getKey().equalsIgnoreCase("traceparent")) {
          Optional<TraceContext> given = TraceContext.parse(h.getValue(), List.of());
          if (given.isPresent()) {
            traceId = given.get().traceId();
          }
        }
      }
    }
    Instant start = event.startedAt();
    String slice = binding == null ? "default" : token(binding, "default");
    String planeId = event.planeId();
    String plane = planeId == null ? "" : token(planeId, "");
    return new Span(traceId == null ? Tokens.randomHex(2) : traceId, Tokens.randomHex(1), event.intent().name(),
        slice, plane, OUTCOME_TAGS.getOrDefault(event.outcome(), "other"), event.statusCode(),
        start.getEpochSecond() * 1_000_000_000L + start.getNano(), Math.max(0, event.duration().toNanos()));
  }

  private static String token(String s, String fallback) {
    if (Tokens.token(s)) {
      return s;
    }
    String lower = s.toLowerCase(java.util.Locale.ROOT);
    return Tokens.token(lower) ? lower : fallback;
  }

  /**
   * Seals what was taken so far into the spool and uploads the spool now (ignoring any backoff),
   * waiting for the attempt.
   *
   * @return the stats after the attempt
   */
  public CollectorStats flush() {
    if (closed.get()) {
      return stats();
    }
    try {
      Future<?> f = worker.submit(() -> {
        sealCurrent();
        drain();
      });
      f.get(10, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
      log.warn("telemetry flush did not complete: {}", e.toString());
    }
    return stats();
  }

  /** {@return what the collector did so far} */
  public CollectorStats stats() {
    return new CollectorStats(seen.get(), kept.get(), rejected.get(), sealed.get(), uploaded.get(),
        droppedBatches.get(), droppedSpans.get(), failures.get(), spool.size(), spool.bytes(), lastError);
  }

  private void tick() {
    sealCurrent();
    if (clock.millis() >= backoffUntilMillis) {
      drain();
    }
  }

  private void sealCurrent() {
    Span[] s;
    double[] w;
    int n;
    Counts c;
    ArrayNode m;
    synchronized (lock) {
      if (size == 0 && counts.isEmpty() && metrics.isEmpty() && meterSource == null) {
        return;
      }
      s = spans;
      w = weights;
      n = size;
      c = counts;
      m = metrics;
      spans = new Span[Math.min(batchMaxSpans, 1024)];
      weights = new double[spans.length];
      size = 0;
      counts = new Counts();
      metrics = PlaneJson.MAPPER.createArrayNode();
    }
    seal(s, w, n, c, m);
  }

  /** Encodes one batch and writes it to the spool; runs on the collector's thread. */
  private void seal(Span[] s, double[] w, int n, Counts c, ArrayNode m) {
    try {
      Instant at = clock.instant();
      long seq = spool.nextSequence();
      ObjectNode doc = PlaneJson.MAPPER.createObjectNode();
      doc.put("format", Batches.FORMAT).put("venue", venue).put("collector", collectorId).put("sequence", seq)
          .put("sealedAt", at.toString());
      doc.putObject("sampling").put("slowThresholdNanos", sampling.slowThreshold().toNanos())
          .put("headShare", sampling.headShare());
      c.write(doc.putArray("counts"));
      ObjectNode rs = doc.putArray("resourceSpans").addObject();
      rs.putObject("resource").set("attributes", resource.deepCopy());
      ObjectNode scope = rs.putArray("scopeSpans").addObject();
      scope.putObject("scope").put("name", "dev.microevent.plane.telemetry");
      ArrayNode out = scope.putArray("spans");
      for (int i = 0; i < n; i++) {
        out.add(Otlp.span(s[i], w[i]));
      }
      ArrayNode rm = doc.putArray("resourceMetrics");
      rm.addAll(m);
      MeterRegistry source = meterSource;
      if (source != null) {
        rm.add(MeterSnapshot.of(source, at, resource));
      }
      byte[] body = Batches.gzip(PlaneJson.write(doc));
      Spool.Dropped d = spool.add(seq, at.toEpochMilli(), n, body);
      sealed.incrementAndGet();
      if (d.batches() > 0) {
        dropped(d.batches(), d.spans(), "the spool is full (oldest dropped first)");
      }
    } catch (RuntimeException e) {
      dropped(1, n, "the batch could not be sealed (" + e.getMessage() + ")");
    }
  }

  /** Uploads the spool oldest first until it is empty or an upload fails; runs on the collector's thread. */
  private void drain() {
    while (true) {
      Optional<Spool.Entry> next = spool.oldest();
      if (next.isEmpty()) {
        return;
      }
      Spool.Entry e = next.get();
      String key = Batches.key(venue, collectorId, e.sequence(), Instant.ofEpochMilli(e.sealedAtMillis()));
      try {
        Optional<byte[]> body = spool.read(e);
        if (body.isPresent()) {
          bucket.put(key, body.get());
          uploaded.incrementAndGet();
        }
        spool.remove(e);
        lastError = "";
        backoffMillis = 0;
        backoffUntilMillis = 0;
      } catch (TelemetryException ex) {
        failures.incrementAndGet();
        lastError = String.valueOf(ex.getMessage());
        backoffMillis = backoffMillis == 0 ? 1000 : Math.min(60_000, backoffMillis * 2);
        backoffUntilMillis = clock.millis() + backoffMillis;
        log.warn("telemetry upload failed, {} batch(es) wait in the spool: {}", spool.size(), ex.getMessage());
        return;
      }
    }
  }

  private void bindMeters(MeterRegistry registry) {
    FunctionCounter.builder("microevent.telemetry.spans", seen, AtomicLong::get).tag("decision", "seen")
        .description("spans offered to the collector").register(registry);
    FunctionCounter.builder("microevent.telemetry.spans", kept, AtomicLong::get).tag("decision", "kept")
        .register(registry);
    FunctionCounter.builder("microevent.telemetry.spans", rejected, AtomicLong::get).tag("decision", "rejected")
        .register(registry);
    FunctionCounter.builder("microevent.telemetry.batches", uploaded, AtomicLong::get).tag("result", "uploaded")
        .register(registry);
    FunctionCounter.builder("microevent.telemetry.batches", droppedBatches, AtomicLong::get).tag("result", "dropped")
        .register(registry);
    FunctionCounter.builder("microevent.telemetry.upload.failures", failures, AtomicLong::get).register(registry);
    FunctionCounter.builder("microevent.telemetry.spans.dropped", droppedSpans, AtomicLong::get)
        .description("kept spans lost in dropped batches").register(registry);
    Gauge.builder("microevent.telemetry.spool.batches", spool, Spool::size).register(registry);
    Gauge.builder("microevent.telemetry.spool.bytes", spool, Spool::bytes).baseUnit("bytes").register(registry);
  }

  /**
   * Seals what is left, tries one last upload of the spool (what fails stays on disk for the next
   * start), and stops the collector's thread. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      worker.submit(() -> {
        sealCurrent();
        drain();
      }).get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
      log.warn("telemetry: the last upload did not complete; the spool keeps it: {}", e.toString());
    }
    worker.shutdownNow();
    bucket.close();
  }

  /** Builds and starts a {@link TelemetryCollector}. Not thread-safe. */
  public static final class Builder {
    private @Nullable String venue;
    private String collectorId = "edge-1";
    private String serviceName = "microevent";
    private @Nullable ObjectStore store;
    private @Nullable Path spoolDirectory;
    private long spoolMaxBytes = 256L * 1024 * 1024;
    private int spoolMaxBatches = 10_000;
    private int batchMaxSpans = 5_000;
    private Duration flushInterval = Duration.ofSeconds(30);
    private SamplingPolicy sampling = SamplingPolicy.defaults();
    private Clock clock = Clock.systemUTC();
    private @Nullable MeterRegistry registry;
    private @Nullable MeterRegistry meterSource;

    private Builder() {}

    /**
     * The venue; required. The first segment of every key.
     *
     * @param venue {@code [a-z0-9][a-z0-9_.-]{0,62}}
     * @return this builder
     */
    public Builder venue(String venue) {
      this.venue = name(venue, "venue");
      return this;
    }

    /**
     * The collector's id; default {@code edge-1}. Give each collector of a venue its own id: the
     * id and the spool's sequence make keys unique.
     *
     * @param id {@code [a-z0-9][a-z0-9_.-]{0,62}}
     * @return this builder
     */
    public Builder collectorId(String id) {
      this.collectorId = name(id, "collectorId");
      return this;
    }

    /**
     * The {@code service.name} resource attribute of the uploaded spans; default {@code microevent}.
     *
     * @param name a non-blank name
     * @return this builder
     */
    public Builder serviceName(String name) {
      Objects.requireNonNull(name, "name");
      if (name.isBlank() || name.length() > 128) {
        throw new IllegalArgumentException("serviceName must be 1..128 characters");
      }
      this.serviceName = name;
      return this;
    }

    private static String name(String value, String what) {
      Objects.requireNonNull(value, what);
      if (!Batches.NAME.matcher(value).matches()) {
        throw new IllegalArgumentException(what + " must match " + Batches.NAME.pattern() + ", got '" + value + "'");
      }
      return value;
    }

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
     * The spool directory; required. Batches wait there for the uplink and survive restarts.
     *
     * @param dir a directory, created if missing; one collector per directory
     * @return this builder
     */
    public Builder spoolDirectory(Path dir) {
      this.spoolDirectory = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /**
     * Most bytes the spool keeps; default 256 MiB. When a new batch does not fit, the oldest go first.
     *
     * @param bytes at least 1 KiB
     * @return this builder
     */
    public Builder spoolMaxBytes(long bytes) {
      if (bytes < 1024) {
        throw new IllegalArgumentException("spoolMaxBytes must be >= 1024, got " + bytes);
      }
      this.spoolMaxBytes = bytes;
      return this;
    }

    /**
     * Most batches the spool keeps; default 10,000.
     *
     * @param batches at least 1
     * @return this builder
     */
    public Builder spoolMaxBatches(int batches) {
      if (batches < 1) {
        throw new IllegalArgumentException("spoolMaxBatches must be >= 1, got " + batches);
      }
      this.spoolMaxBatches = batches;
      return this;
    }

    /**
     * Kept spans per batch; default 5,000. A full batch is sealed at once.
     *
     * @param spans 1 to 1,000,000
     * @return this builder
     */
    public Builder batchMaxSpans(int spans) {
      if (spans < 1 || spans > 1_000_000) {
        throw new IllegalArgumentException("batchMaxSpans must be within 1..1000000, got " + spans);
      }
      this.batchMaxSpans = spans;
      return this;
    }

    /**
     * How often the collector seals what it has and uploads the spool; default 30 s. {@link
     * Duration#ZERO} turns the timer off (then only full batches, {@link #flush()} and {@link
     * #close()} seal). After a failed upload the timer waits 1 s, doubling up to 60 s.
     *
     * @param interval zero or positive
     * @return this builder
     */
    public Builder flushInterval(Duration interval) {
      Objects.requireNonNull(interval, "interval");
      if (interval.isNegative()) {
        throw new IllegalArgumentException("flushInterval must be >= 0, got " + interval);
      }
      this.flushInterval = interval;
      return this;
    }

    /**
     * The sampling policy; default {@link SamplingPolicy#defaults()}.
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder sampling(SamplingPolicy policy) {
      this.sampling = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * The clock that stamps batches (and so picks their hour); default system UTC.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Where the collector's own meters go ({@code microevent.telemetry.*}); default none.
     *
     * @param registry the registry; the app owns it
     * @return this builder
     */
    public Builder meterRegistry(MeterRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /**
     * A registry whose meters are snapshotted into every batch (e.g. link probes and vendor
     * consoles); default none.
     *
     * @param registry the registry; the app owns it
     * @return this builder
     */
    public Builder meterSource(MeterRegistry registry) {
      this.meterSource = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /**
     * Opens the spool and the store client and starts the collector's thread.
     *
     * @return the running collector; close it when done
     * @throws TelemetryException if the spool directory cannot be used
     * @throws NullPointerException naming what is missing (venue, store, spool directory)
     */
    public TelemetryCollector start() {
      Objects.requireNonNull(venue, "venue is required");
      ObjectStore s = Objects.requireNonNull(store, "store is required");
      Path dir = Objects.requireNonNull(spoolDirectory, "spoolDirectory is required");
      Spool spool = new Spool(dir, spoolMaxBytes, spoolMaxBatches);
      TelemetryCollector c = new TelemetryCollector(this, spool, new S3Bucket(s));
      if (!flushInterval.isZero()) {
        var unused = c.worker.scheduleWithFixedDelay(c::safeTick, flushInterval.toMillis(), flushInterval.toMillis(),
            TimeUnit.MILLISECONDS);
      }
      log.info("telemetry collector {} of venue {} uploads to {} (spool {}, {} batch(es) waiting)", c.collectorId,
          c.venue, s, dir, spool.size());
      return c;
    }
  }

  private void safeTick() {
    try {
      tick();
    } catch (RuntimeException e) {
      log.warn("telemetry tick failed; the next one tries again", e);
    }
  }
}
