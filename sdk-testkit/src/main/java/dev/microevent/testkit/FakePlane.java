package dev.microevent.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.microevent.core.Plane;
import dev.microevent.testkit.internal.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/**
 * A fake plane: a {@link FakeBackend} that also serves the edge-plane API of {@code
 * docs/edge-plane-api.yaml}: the bilateral heartbeat ({@code POST /edge/v1/heartbeat}) with a
 * scriptable status and load, a versioned config document ({@code GET /edge/v1/config}) with a
 * strong ETag and {@code 304} on {@code If-None-Match}, and canned answers to the hybrid oracle's
 * decisions ({@code POST /edge/v1/decisions}), and signed ticket key and revocation lists ({@link
 * #tickets()}). App requests that no route matches are
 * answered {@code 200} with {@code {"plane":"<id>","method":...,"path":...}}, so tests can see
 * which plane served a call. Use {@link FakeEdgePlane} or {@link FakeCentralPlane}.
 *
 * <p>Outages: {@link #stop()} (connection refused), {@code faults()} (resets, black holes, error
 * bursts; use {@link dev.microevent.testkit.fault.Fault#appTrafficOnly()} to keep heartbeats
 * healthy), {@link #servingStatus(ServingStatus)} {@code DRAINING}. Thread-safe.
 */
public abstract class FakePlane extends FakeBackend {
  /** Path of the heartbeat endpoint. */
  public static final String HEARTBEAT_PATH = "/edge/v1/heartbeat";
  /** Path of the config endpoint. */
  public static final String CONFIG_PATH = "/edge/v1/config";
  /** Path of the decisions endpoint (the cloud side of the client's hybrid oracle). */
  public static final String DECISIONS_PATH = "/edge/v1/decisions";
  /** The service modes a client may report ({@code ClientStatus.mode}). */
  private static final java.util.Set<String> CLIENT_MODES = java.util.Set.of("NORMAL", "REDUCED", "CRITICAL_ONLY");
  private static final java.util.regex.Pattern DECISION_NAME = java.util.regex.Pattern.compile("[a-z][a-z0-9_-]{0,31}");

  private final String planeId;
  private volatile ServingStatus status = ServingStatus.SERVING;
  private volatile double load = 0.1;
  private volatile @Nullable Config config;
  private final Map<String, Answer> decisions = new java.util.concurrent.ConcurrentHashMap<>();
  private final TicketDocuments tickets;

  private record Answer(String value, double confidence, long ttlSeconds) {}

  private static final class Config {
    final byte[] body;
    final String etag;
    final @Nullable String version;

    Config(byte[] body, String etag, @Nullable String version) {
      this.body = body;
      this.etag = etag;
      this.version = version;
    }
  }

  /**
   * Starts a plane; for the two fake plane classes.
   *
   * @param planeId the plane id it reports
   * @param clock stamps requests
   * @param random drives faults
   * @param recordingLimit most requests kept
   */
  FakePlane(String planeId, Clock clock, Random random, int recordingLimit) {
    super(planeId, clock, random, recordingLimit);
    this.planeId = planeId;
    fallback(request -> {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("plane", planeId);
      body.put("method", request.method());
      body.put("path", request.path());
      return FakeResponse.json(200, body);
    });
    route("POST", HEARTBEAT_PATH, this::heartbeat);
    route("GET", CONFIG_PATH, this::config);
    route("POST", DECISIONS_PATH, this::decide);
    this.tickets = new TicketDocuments(clock);
    route("GET", TicketDocuments.KEYS_PATH, tickets::serveKeys);
    route("GET", TicketDocuments.REVOCATIONS_PATH, tickets::serveRevocations);
    route("GET", TicketDocuments.KEY_CHAIN_PATH, tickets::serveKeyChain);
  }

  /**
   * The ticket key lists and revocation lists this plane serves, signed with its key.
   *
   * @return the documents
   */
  public TicketDocuments tickets() {
    return tickets;
  }

  /** {@return the plane as the client's builder wants it, pointing at this fake} */
  public abstract Plane plane();

  /** {@return the plane id this fake reports} */
  public String planeId() {
    return planeId;
  }

  /**
   * Sets the status reported in heartbeat answers; default {@code SERVING}.
   *
   * @param status the status
   * @return this plane
   */
  public FakePlane servingStatus(ServingStatus status) {
    this.status = Objects.requireNonNull(status, "status");
    return this;
  }

  /** {@return the status reported now} */
  public ServingStatus servingStatus() {
    return status;
  }

  /**
   * Sets the load reported in heartbeat answers; default 0.1.
   *
   * @param load 0..1
   * @return this plane
   */
  public FakePlane load(double load) {
    if (!(load >= 0 && load <= 1)) {
      throw new IllegalArgumentException("load must be within 0..1, got " + load);
    }
    this.load = load;
    return this;
  }

  /**
   * Serves a config document. The text is served as given (so tests can also serve invalid
   * documents); its ETag is a strong hash of the bytes, and the heartbeat reports its {@code
   * version} member when it is a JSON object that has one.
   *
   * @param json the document
   * @return this plane
   */
  public FakePlane configDocument(String json) {
    Objects.requireNonNull(json, "json");
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    String version = null;
    try {
      JsonNode node = Json.tree(bytes);
      if (node != null && node.isObject() && node.path("version").isTextual()) {
        version = node.path("version").asText();
      }
    } catch (IOException notJson) {
      version = null;
    }
    this.config = new Config(bytes, etag(bytes), version);
    return this;
  }

  /** Stops serving a config document: {@code GET /edge/v1/config} answers {@code 404}. */
  public void clearConfigDocument() {
    this.config = null;
  }

  /**
   * Answers a decision ({@code POST /edge/v1/decisions}) with a fixed value, whatever its
   * attributes; decisions without an answer get {@code 404}.
   *
   * @param decision the decision name, a lower-case token
   * @param value the answer
   * @param confidence 0..1
   * @param ttl how long the client may reuse it; zero for not at all
   * @return this plane
   */
  public FakePlane decision(String decision, String value, double confidence, java.time.Duration ttl) {
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(ttl, "ttl");
    if (!DECISION_NAME.matcher(decision).matches()) {
      throw new IllegalArgumentException("decision must match " + DECISION_NAME.pattern() + ", got '" + decision + "'");
    }
    if (!(confidence >= 0 && confidence <= 1) || ttl.isNegative()) {
      throw new IllegalArgumentException("need confidence within 0..1 and ttl >= 0");
    }
    decisions.put(decision, new Answer(value, confidence, ttl.toSeconds()));
    return this;
  }

  /** {@return the decision requests received, oldest first} */
  public List<ReceivedRequest> decisionRequests() {
    return requests("POST", DECISIONS_PATH);
  }

  private FakeResponse decide(ReceivedRequest request) {
    JsonNode node;
    try {
      node = Json.tree(request.body());
    } catch (IOException e) {
      node = null;
    }
    JsonNode name = node == null ? null : node.get("decision");
    JsonNode attributes = node == null ? null : node.get("attributes");
    if (name == null || !name.isTextual() || !DECISION_NAME.matcher(name.asText()).matches() || attributes == null
        || !attributes.isObject()) {
      return FakeResponse.json(400, Map.of("error", "decision body must be {\"decision\":\"<token>\",\"attributes\":{...}}"));
    }
    Answer answer = decisions.get(name.asText());
    if (answer == null) {
      return FakeResponse.json(404, Map.of("error", "plane " + planeId + " has no answer for decision " + name.asText()));
    }
    return FakeResponse.json(200, answer);
  }

  /** {@return the ETag of the document served now, quoted, if any} */
  public Optional<String> configEtag() {
    Config c = config;
    return c == null ? Optional.empty() : Optional.of(c.etag);
  }

  /** {@return the requests that were app traffic, not the edge-plane API} */
  public List<ReceivedRequest> appRequests() {
    List<ReceivedRequest> out = new ArrayList<>();
    for (ReceivedRequest r : requests()) {
      if (!r.isEdgeApi()) {
        out.add(r);
      }
    }
    return out;
  }

  /** {@return the heartbeats clients sent that were well-formed, oldest first} */
  public List<ClientHeartbeat> heartbeats() {
    List<ClientHeartbeat> out = new ArrayList<>();
    for (ReceivedRequest r : requests("POST", HEARTBEAT_PATH)) {
      ClientHeartbeat hb = parseHeartbeat(r);
      if (hb != null) {
        out.add(hb);
      }
    }
    return out;
  }

  /** {@return the config fetches received, oldest first} */
  public List<ReceivedRequest> configFetches() {
    return requests("GET", CONFIG_PATH);
  }

  private FakeResponse heartbeat(ReceivedRequest request) {
    if (parseHeartbeat(request) == null) {
      return FakeResponse.json(400, Map.of("error", "heartbeat body must be a JSON ClientStatus: instanceId (1..64"
          + " characters), mode (NORMAL, REDUCED or CRITICAL_ONLY), sdkVersion, sentAt (date-time), optional lastError"));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("planeId", planeId);
    body.put("status", status.name());
    body.put("load", load);
    Config c = config;
    if (c != null && c.version != null) {
      body.put("configVersion", c.version);
    }
    return FakeResponse.json(200, body);
  }

  private static @Nullable ClientHeartbeat parseHeartbeat(ReceivedRequest request) {
    JsonNode node;
    try {
      node = Json.tree(request.body());
    } catch (IOException e) {
      return null;
    }
    if (node == null || !node.isObject()) {
      return null;
    }
    JsonNode id = node.get("instanceId");
    JsonNode mode = node.get("mode");
    JsonNode version = node.get("sdkVersion");
    JsonNode sentAt = node.get("sentAt");
    JsonNode lastError = node.get("lastError");
    if (id == null || !id.isTextual() || id.asText().isEmpty() || id.asText().length() > 64 || mode == null
        || !mode.isTextual() || !CLIENT_MODES.contains(mode.asText()) || version == null || !version.isTextual()
        || sentAt == null || !sentAt.isTextual() || (lastError != null && !lastError.isNull() && !lastError.isTextual())) {
      return null;
    }
    try {
      return new ClientHeartbeat(id.asText(), mode.asText(),
          lastError != null && lastError.isTextual() ? lastError.asText() : null, version.asText(),
          Instant.parse(sentAt.asText()), request.receivedAt());
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private FakeResponse config(ReceivedRequest request) {
    Config c = config;
    if (c == null) {
      return FakeResponse.json(404, Map.of("error", "no config document on plane " + planeId));
    }
    Optional<String> ifNoneMatch = request.header("If-None-Match");
    if (ifNoneMatch.isPresent() && matches(ifNoneMatch.get(), c.etag)) {
      return FakeResponse.builder(304).header("ETag", c.etag).build();
    }
    return FakeResponse.builder(200).header("ETag", c.etag).body(c.body, "application/json").build();
  }

  /** Strong comparison against an If-None-Match list (weak validators never match). */
  private static boolean matches(String ifNoneMatch, String etag) {
    for (String candidate : ifNoneMatch.split(",", -1)) {
      String t = candidate.trim();
      if (t.equals("*") || t.equals(etag)) {
        return true;
      }
    }
    return false;
  }

  private static String etag(byte[] bytes) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required on every JVM", e);
    }
  }
}
