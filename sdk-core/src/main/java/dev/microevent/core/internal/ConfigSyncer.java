package dev.microevent.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.microevent.core.Outcome;
import dev.microevent.core.Plane;
import dev.microevent.core.ResponseMappingException;
import dev.microevent.core.ResponseTooLargeException;
import dev.microevent.core.SdkException;
import dev.microevent.core.SdkServiceException;
import dev.microevent.core.SteeringRejectedException;
import dev.microevent.core.Subscription;
import dev.microevent.core.config.ConfigEvent;
import dev.microevent.core.config.ConfigListener;
import dev.microevent.core.config.ConfigRejectedException;
import dev.microevent.core.config.ConfigSnapshot;
import dev.microevent.core.config.ConfigSync;
import dev.microevent.core.config.SyncResult;
import dev.microevent.core.spi.SteeringKey;
import dev.microevent.core.spi.SteeringSignature;
import dev.microevent.core.spi.SteeringVerifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls the configuration document ({@code GET /edge/v1/config} with {@code If-None-Match}) from
 * the best reachable plane, validates it fully, applies it atomically, and keeps the last good
 * one in the app's file so a restart begins with it. A bad document is rejected with every
 * problem named while the current one keeps running. With pinned plane keys, a document is first
 * checked by the one {@link SteeringVerifier} (signature over the exact bytes, trusted key, no
 * replay), following the plane's signed key hand-over ({@code GET /edge/v1/keys}) when it names an
 * unknown key; the highest sequence accepted and the adopted key are kept with the document.
 */
final class ConfigSyncer implements ConfigSync, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ConfigSyncer.class);
  static final String PATH = "/edge/v1/config";
  static final String KEYS_PATH = "/edge/v1/keys";
  /** Longest a pull from one plane may take. */
  private static final long TIMEOUT_NANOS = Duration.ofSeconds(3).toNanos();

  private volatile ActiveConfig current;
  private final Supplier<ConfigParser> parsers;
  private final Supplier<List<Plane>> planes;
  private final Transport transport;
  private final OkHttpClient http;
  private final Clock clock;
  private final ClientMeters meters;
  private final @Nullable Path file;
  private final Consumer<ActiveConfig> onApply;
  private final List<ConfigListener> listeners = new CopyOnWriteArrayList<>();
  private volatile @Nullable Periodic periodic;
  /** Null when no plane key is pinned: documents are not authenticated. */
  private final @Nullable SteeringVerifier steering;
  /** The document each plane last served that was refused for its signature (one per plane). */
  private final java.util.Map<String, Refused> refused = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * A document refused for its signature: its ETag (asked for conditionally from then on, so the
   * plane answers 304 instead of the same bytes) and the digest of its signature header and bytes
   * (so a plane that ignores the condition gets the same document refused without verifying it
   * again).
   */
  @SuppressWarnings("ArrayRecordComponent") // compared by content where it matters (Arrays.equals)
  private record Refused(@Nullable String etag, byte[] sha256, SteeringRejectedException.Reason reason,
      String message, java.time.Instant at, int verifierState) {}

  /** How long a refusal is remembered: after that, the document is fetched and checked afresh. */
  static final Duration REFUSAL_MEMORY = Duration.ofMinutes(10);

  ConfigSyncer(ActiveConfig defaults, Supplier<ConfigParser> parsers, Supplier<List<Plane>> planes,
      Transport transport, Clock clock, ClientMeters meters, @Nullable Path file, Consumer<ActiveConfig> onApply,
      List<SteeringKey> planeKeys) {
    this.current = defaults;
    this.parsers = parsers;
    this.planes = planes;
    this.transport = transport;
    this.http = transport.base().newBuilder().callTimeout(Duration.ofNanos(TIMEOUT_NANOS)).build();
    this.clock = clock;
    this.meters = meters;
    this.file = file;
    this.onApply = onApply;
    if (planeKeys.isEmpty()) {
      this.steering = null;
      log.info("config steering is unauthenticated: no plane key is pinned (MicroEventClient.Builder.addPlaneKey)");
    } else {
      this.steering = new SteeringVerifier(SteeringSignature.CONFIG, planeKeys);
    }
  }

  ActiveConfig active() {
    return current;
  }

  /** Reads the last good document from the app's file, if there is one. */
  void loadFile() {
    Path f = file;
    if (f == null || !Files.isRegularFile(f)) {
      return;
    }
    try {
      JsonNode saved = Json.read(Files.readAllBytes(f), JsonNode.class);
      JsonNode doc = saved.path("document");
      String etag = saved.path("etag").isTextual() ? sendable(saved.path("etag").asText()) : null;
      ActiveConfig c = parsers.get().parse(Json.write(doc), etag, ConfigSnapshot.Source.FILE, clock.instant());
      restoreSteering(saved.path("steering"));
      apply(c);
      log.info("config {} restored from {}", c.version(), f);
    } catch (IOException | ResponseMappingException | ConfigRejectedException | IllegalArgumentException e) {
      log.warn("ignoring the saved config in {}: {}", f, e.getMessage());
    }
  }

  /** The sequence, digest and keys held when the document was saved (the app's own file). */
  private void restoreSteering(JsonNode saved) {
    SteeringVerifier v = steering;
    if (v == null || !saved.isObject()) {
      return;
    }
    List<SteeringKey> keys = new ArrayList<>();
    for (JsonNode k : saved.path("keys")) {
      SteeringKey.parse(k.asText("")).ifPresent(keys::add);
    }
    byte[] digest = HexFormat.of().parseHex(saved.path("sha256").asText(""));
    if (keys.isEmpty() || digest.length != 32 || saved.path("seq").asLong(0) < 1) {
      throw new IllegalArgumentException("its signed-steering state is incomplete");
    }
    v.trust(keys);
    v.restore(saved.path("seq").asLong(), digest);
  }

  void start(ScheduledExecutorService scheduler, Executor io, Duration interval) {
    if (interval.isZero()) {
      return;
    }
    periodic = Periodic.every(scheduler, io, Duration.ZERO, interval, "config sync", this::syncNow);
  }

  @Override
  public ConfigSnapshot current() {
    return current.snapshot();
  }

  @Override
  public synchronized SyncResult syncNow() {
    ActiveConfig now = current;
    for (Plane plane : planes.get()) {
      Request.Builder rb = new Request.Builder().url(transport.url(plane, PATH)).get();
      Refused before = refused.get(plane.id());
      // A refusal holds only as long as what judged it: a key adopted since (a hand-over) or a newer
      // document held since can turn an UNKNOWN_KEY or REPLAYED verdict, so the document is checked afresh.
      if (before != null && (!clock.instant().isBefore(before.at().plus(REFUSAL_MEMORY))
          || before.verifierState() != verifierState())) {
        refused.remove(plane.id(), before);
        before = null;
      }
      String ifNoneMatch = ifNoneMatch(now.etag(), before == null ? null : before.etag());
      if (ifNoneMatch != null) {
        rb.header("If-None-Match", ifNoneMatch);
      }
      Transport.Exchange ex = Transport.execute(http.newCall(rb.build()), Json.MAX_DOCUMENT);
      Outcomes.Classified answer = Outcomes.classify(ex, plane.id(), "plane " + plane.id(), TIMEOUT_NANOS,
          TIMEOUT_NANOS, clock);
      if (answer.outcome() == Outcome.CANCELLED) {
        // The syncing thread was interrupted (the client is closing): stop quietly, keep the flag.
        log.debug("config sync interrupted; the current document keeps running");
        return SyncResult.UNREACHABLE;
      }
      SdkException failure = answer.failure();
      if (failure instanceof ResponseTooLargeException) {
        ConfigRejectedException rejected =
            new ConfigRejectedException("?", List.of("$: the document exceeds " + Json.MAX_DOCUMENT + " bytes"));
        log.warn("{} (from plane {})", rejected.getMessage(), plane.id());
        return finish(SyncResult.REJECTED, null, rejected.problems());
      }
      if (failure != null && !(failure instanceof SdkServiceException)) {
        log.debug("config from {} unreachable: {}", plane.id(), failure.getMessage());
        continue;
      }
      if (ex.status() == 304) {
        String still = sendable(ex.header("etag"));
        if (before != null && still != null && still.equals(before.etag()) && !still.equals(now.etag())) {
          return refusedAgain(plane, before);
        }
        return finish(SyncResult.NOT_MODIFIED, now.version(), List.of());
      }
      if (ex.status() == 404) {
        return finish(SyncResult.NO_DOCUMENT, null, List.of());
      }
      if (ex.status() != 200) {
        log.debug("config from {} answered {}; trying the next plane", plane.id(), ex.status());
        continue;
      }
      String etag = sendable(ex.header("etag"));
      SteeringSignature sig = null;
      SteeringVerifier v = steering;
      if (v != null) {
        String header = ex.header(SteeringSignature.HEADER.toLowerCase(Locale.ROOT));
        byte[] digest = refusalDigest(header, ex.body());
        if (before != null && Arrays.equals(before.sha256(), digest)) {
          refused.put(plane.id(), new Refused(etag, digest, before.reason(), before.message(), before.at(),
              before.verifierState()));
          return refusedAgain(plane, before);
        }
        try {
          sig = v.verify(header, ex.body(), () -> keyChain(plane));
        } catch (SteeringRejectedException e) {
          // an unknown key is not remembered: checking it again is what follows the plane's hand-over
          // chain, which may have been unreachable this time
          if (e.reason() != SteeringRejectedException.Reason.UNKNOWN_KEY) {
            refused.put(plane.id(), new Refused(etag, digest, e.reason(), String.valueOf(e.getMessage()),
                clock.instant(), verifierState()));
          }
          meters.count("microevent.config.refused", "reason", e.reason().name().toLowerCase(Locale.ROOT));
          log.warn("config document from plane {} refused, the current one keeps running: {}", plane.id(),
              e.getMessage());
          return finish(SyncResult.REJECTED, null, List.of("signature: " + e.getMessage()), e.reason());
        }
        if (v.holds(sig, ex.body())) {
          return finish(SyncResult.NOT_MODIFIED, now.version(), List.of());
        }
      }
      ActiveConfig next;
      try {
        next = parsers.get().parse(ex.body(), etag, ConfigSnapshot.Source.PLANE, clock.instant());
      } catch (ConfigRejectedException e) {
        log.warn("{} (from plane {})", e.getMessage(), plane.id());
        return finish(SyncResult.REJECTED, null, e.problems());
      }
      apply(next);
      refused.remove(plane.id());
      if (v != null && sig != null) {
        v.accept(sig, ex.body());
      }
      persist(ex.body(), etag);
      log.info("config {} applied (from plane {})", next.version(), plane.id());
      return finish(SyncResult.APPLIED, next.version(), List.of());
    }
    return finish(SyncResult.UNREACHABLE, null, List.of());
  }

  /**
   * The plane still serves a document refused before: refused again without verifying it (and
   * without a second {@code microevent.config.refused}), the current document keeps running.
   */
  /** What a refusal depended on: the trusted keys and the sequence held ({@code 0} unpinned). */
  private int verifierState() {
    SteeringVerifier v = steering;
    return v == null ? 0 : Objects.hash(v.trusted(), v.sequence());
  }

  private SyncResult refusedAgain(Plane plane, Refused before) {
    log.debug("plane {} still serves the config document refused before ({})", plane.id(), before.reason());
    return finish(SyncResult.REJECTED, null, List.of("signature: " + before.message()
        + " (the same document was refused before; not verified again)"), before.reason());
  }

  /**
   * What identifies a refused document: its signature header and its bytes (the same bytes
   * re-signed are another document, checked afresh).
   */
  private static byte[] refusalDigest(@Nullable String header, byte[] body) {
    byte[] h = (header == null ? "" : header).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] all = Arrays.copyOf(h, h.length + 1 + body.length);
    all[h.length] = '\n';
    System.arraycopy(body, 0, all, h.length + 1, body.length);
    return SteeringVerifier.sha256(all);
  }

  /**
   * The {@code If-None-Match} value: the current document's ETag and the refused one's, either
   * may be absent (RFC 9110 13.1.2, a list of entity tags).
   */
  private static @Nullable String ifNoneMatch(@Nullable String current, @Nullable String refusedTag) {
    if (current == null || refusedTag == null || current.equals(refusedTag)) {
      return current != null ? current : refusedTag;
    }
    return current + ", " + refusedTag;
  }

  /**
   * The plane's key chain ({@code GET /edge/v1/keys}), asked for by the verifier when a document
   * is signed by a key it does not trust.
   *
   * @return the chain's bytes, or null if the plane has none or did not answer
   */
  private byte @Nullable [] keyChain(Plane plane) {
    Transport.Exchange ex = Transport.execute(http.newCall(new Request.Builder().url(transport.url(plane, KEYS_PATH))
        .get().build()), Json.MAX_DOCUMENT);
    return ex.status() == 200 ? ex.body() : null;
  }

  /**
   * The ETag if it can be sent back in {@code If-None-Match}: printable ASCII of sane length. A
   * plane's odd validator (non-ASCII, control characters) is dropped, so the next sync downloads
   * the document again instead of failing for good on a header that cannot be sent.
   */
  static @Nullable String sendable(@Nullable String etag) {
    if (etag == null || etag.isEmpty() || etag.length() > 256
        || !etag.chars().allMatch(c -> c > ' ' && c < 127)) {
      return null;
    }
    return etag;
  }

  private void apply(ActiveConfig next) {
    current = next;
    onApply.accept(next);
  }

  private void persist(byte[] document, @Nullable String etag) {
    Path f = file;
    if (f == null) {
      return;
    }
    try {
      ObjectNode saved = Json.mapper().createObjectNode();
      saved.put("etag", etag);
      saved.set("document", Json.read(document, JsonNode.class));
      SteeringVerifier v = steering;
      byte[] digest = v == null ? null : v.digest();
      if (v != null && digest != null) {
        ObjectNode st = saved.putObject("steering").put("seq", v.sequence()).put("sha256", HexFormat.of().formatHex(digest));
        v.trusted().forEach(k -> st.withArray("keys").add(k.base64()));
      }
      Path dir = f.toAbsolutePath().getParent();
      if (dir != null) {
        Files.createDirectories(dir);
      }
      Path tmp = Files.createTempFile(dir, f.getFileName().toString(), ".tmp");
      try {
        Files.write(tmp, Json.write(saved));
        Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp); // gone after the move; left over only when writing failed
      }
    } catch (IOException e) {
      log.warn("config applied but not saved to {}: {}", f, e.toString());
    }
  }

  private SyncResult finish(SyncResult result, @Nullable String version, List<String> problems) {
    return finish(result, version, problems, null);
  }

  private SyncResult finish(SyncResult result, @Nullable String version, List<String> problems,
      SteeringRejectedException.@Nullable Reason refusal) {
    meters.count("microevent.config.syncs", "result", result.name().toLowerCase(Locale.ROOT));
    ConfigEvent event = new ConfigEvent(result, version, problems, clock.instant(), refusal);
    for (ConfigListener l : listeners) {
      try {
        l.onSync(event);
      } catch (RuntimeException e) {
        log.warn("config listener {} threw; skipped", l, e);
      }
    }
    return result;
  }

  @Override
  public boolean flag(String name, boolean fallback) {
    Boolean v = current.flags().get(name);
    return v == null ? fallback : v;
  }

  @Override
  public Subscription addListener(ConfigListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
    return () -> listeners.remove(listener);
  }

  @Override
  public void close() {
    Periodic p = periodic;
    if (p != null) {
      p.close();
    }
  }
}
