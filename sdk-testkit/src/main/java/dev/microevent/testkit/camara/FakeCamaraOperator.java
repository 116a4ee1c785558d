package dev.microevent.testkit.camara;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.microevent.testkit.FakeBackend;
import dev.microevent.testkit.FakeResponse;
import dev.microevent.testkit.ReceivedRequest;
import dev.microevent.testkit.TestkitException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A fake mobile operator on loopback: OAuth2 client-credentials token endpoint, CAMARA
 * Quality-on-Demand 1.1.0 ({@code /quality-on-demand/v1}), QoS Profiles 1.1.0
 * ({@code /qos-profiles/v1}) and Network Slice Booking 0.1.0 ({@code /network-slice-booking/v0.1})
 * with the documented behaviour: 409 for a second session of the same device and flow, extension
 * only while AVAILABLE and capped at the profile's maximum, sessions that expire on the injected
 * clock, errors as {@code {status, code, message}}. Scripts add the operator's own failures:
 * {@link #failNext}, {@link #expireTokens()}, {@link #createSessionsAs}, {@link #terminate}.
 *
 * <p>It is a {@link FakeBackend}, served by the testkit's loopback server like every fake, so the
 * wire misbehaves in the testkit's one vocabulary: {@link #faults()} takes any {@link
 * dev.microevent.testkit.fault.Fault} (latency, reset, black hole, slow or truncated body,
 * flapping), a {@link dev.microevent.testkit.fault.FaultScript} schedules them and its {@code
 * outage} stops the operator, and {@link #stop()} / {@link #restart()} are a total outage on the
 * same port. A request a fault answered never reaches the operator: {@link #requests()} has every
 * request on the wire, {@link #calls()} those the operator answered. Routes added with {@link
 * #route} take precedence over the CAMARA API.
 *
 * <pre>{@code
 * try (FakeCamaraOperator operator = FakeCamaraOperator.start(clock)) {
 *   CamaraConfig config = CamaraConfig.builder(operator.apiRoot())
 *       .clientCredentials(operator.tokenEndpoint(), operator.clientId(), operator.clientSecret()).build();
 *   operator.failNext("extendQosSessionDuration", 429, "TOO_MANY_REQUESTS", "slow down", Duration.ofSeconds(20));
 *   operator.faults().inject(Fault.reset().onPath("/quality-on-demand/").times(1));
 *   ...
 *   assertThat(operator.openSessions()).isEmpty();
 * }
 * }</pre>
 *
 * <p>Thread-safe. Seeded profiles: {@code QOS_E}, {@code QOS_S}, {@code QOS_M}, {@code QOS_L}
 * (ACTIVE, max 12 h) and {@code QOS_LEGACY} (DEPRECATED).
 */
public final class FakeCamaraOperator extends FakeBackend {
  private static final String QOD = "/quality-on-demand/v1";
  private static final String PROFILES = "/qos-profiles/v1";
  private static final String BOOKING = "/network-slice-booking/v0.1";
  private static final String TOKEN = "/oauth2/token";
  private static final Pattern PROFILE_NAME = Pattern.compile("^[a-zA-Z0-9_.-]{3,256}$");

  private final ObjectMapper json = new ObjectMapper();
  private final String clientId = "fake-client";
  private final String clientSecret = "fake-secret-" + UUID.randomUUID();
  private final AtomicInteger tokenSeq = new AtomicInteger();

  private final Map<String, Instant> tokens = new HashMap<>();
  private final Map<UUID, Session> sessions = new LinkedHashMap<>();
  private final Map<UUID, JsonNode> bookings = new LinkedHashMap<>();
  private final Map<String, Profile> profiles = new LinkedHashMap<>();
  private final Map<String, Deque<Scripted>> scripts = new HashMap<>();
  private final List<RecordedCamaraCall> calls = new ArrayList<>();
  private Duration tokenLifetime = Duration.ofHours(1);
  private String createStatus = "AVAILABLE";
  private @Nullable Duration grantCap;

  private static final class Session {
    final UUID id;
    final ObjectNode request;
    final String deviceKey;
    String status;
    @Nullable String statusInfo;
    long duration;
    Instant startedAt;
    Instant expiresAt;
    boolean deleted;

    Session(UUID id, ObjectNode request, String deviceKey, String status, long duration, Instant now) {
      this.id = id;
      this.request = request;
      this.deviceKey = deviceKey;
      this.status = status;
      this.duration = duration;
      this.startedAt = now;
      this.expiresAt = now.plusSeconds(duration);
    }
  }

  private record Profile(String name, String status, Duration maxDuration) {}

  private record Scripted(int status, @Nullable String contentType, String body, @Nullable Duration retryAfter) {}

  private FakeCamaraOperator(Clock clock) {
    super("camara", clock);
    for (String p : List.of("QOS_E", "QOS_S", "QOS_M", "QOS_L")) {
      profiles.put(p, new Profile(p, "ACTIVE", Duration.ofHours(12)));
    }
    profiles.put("QOS_LEGACY", new Profile("QOS_LEGACY", "DEPRECATED", Duration.ofHours(1)));
    fallback(this::respond);
  }

  /**
   * Starts a fake operator on a free loopback port.
   *
   * @param clock the clock sessions and tokens expire on (e.g. a virtual clock)
   * @return the running fake; close it when done
   * @throws IllegalStateException if no loopback port could be opened
   */
  public static FakeCamaraOperator start(Clock clock) {
    try {
      return new FakeCamaraOperator(Objects.requireNonNull(clock, "clock"));
    } catch (TestkitException e) {
      throw new IllegalStateException("could not start the fake CAMARA operator on loopback", e);
    }
  }

  /**
   * Starts a fake operator on the system clock.
   *
   * @return the running operator, listening on a free loopback port
   */
  public static FakeCamaraOperator start() {
    return start(Clock.systemUTC());
  }

  /** {@return the API root to configure clients with} */
  public URI apiRoot() {
    return uri();
  }

  /** {@return the OAuth2 token endpoint} */
  public URI tokenEndpoint() {
    return URI.create(apiRoot() + TOKEN);
  }

  /** {@return the client id the token endpoint accepts} */
  public String clientId() {
    return clientId;
  }

  /** {@return the client secret the token endpoint accepts} */
  public String clientSecret() {
    return clientSecret;
  }

  // ------------------------------------------------------------------ scripts

  /**
   * Makes the next call of an operation fail with a CAMARA error.
   *
   * @param operationId e.g. {@code createSession}, {@code extendQosSessionDuration}, {@code token};
   *     prefix the API ({@code qod:}, {@code qos-profiles:}, {@code slice-booking:}) where two APIs
   *     share an operation id, e.g. {@code slice-booking:createSession}
   * @param status the HTTP status
   * @param code the CAMARA error code
   * @param message the error message
   */
  public synchronized void failNext(String operationId, int status, String code, String message) {
    failNext(operationId, status, code, message, null);
  }

  /**
   * Makes the next call of an operation fail with a CAMARA error and a {@code Retry-After}.
   *
   * @param operationId the operation
   * @param status the HTTP status
   * @param code the CAMARA error code
   * @param message the error message
   * @param retryAfter the Retry-After to send, or {@code null}
   */
  public synchronized void failNext(String operationId, int status, String code, String message,
      @Nullable Duration retryAfter) {
    ObjectNode body = json.createObjectNode().put("status", status).put("code", code).put("message", message);
    scripts.computeIfAbsent(operationId, k -> new ArrayDeque<>())
        .add(new Scripted(status, "application/json", body.toString(), retryAfter));
  }

  /**
   * Makes the next call of an operation answer with an arbitrary body (hostile, truncated, not JSON).
   *
   * @param operationId the operation
   * @param status the HTTP status
   * @param contentType the content type, or {@code null} for none
   * @param body the raw body
   */
  public synchronized void respondNextRaw(String operationId, int status, @Nullable String contentType, String body) {
    scripts.computeIfAbsent(operationId, k -> new ArrayDeque<>()).add(new Scripted(status, contentType, body, null));
  }

  /** Invalidates every token issued so far: the next API call gets 401 until a new token is fetched. */
  public synchronized void expireTokens() {
    tokens.clear();
  }

  /**
   * The lifetime of new tokens; default one hour.
   *
   * @param lifetime positive
   */
  public synchronized void tokenLifetime(Duration lifetime) {
    this.tokenLifetime = Objects.requireNonNull(lifetime, "lifetime");
  }

  /**
   * The status new sessions start in: {@code AVAILABLE} (default) or {@code REQUESTED}.
   *
   * @param qosStatus the status
   */
  public synchronized void createSessionsAs(String qosStatus) {
    if (!qosStatus.equals("AVAILABLE") && !qosStatus.equals("REQUESTED")) {
      throw new IllegalArgumentException("sessions start AVAILABLE or REQUESTED");
    }
    this.createStatus = qosStatus;
  }

  /**
   * Grants at most this duration on create (operators may grant less than asked).
   *
   * @param cap the most granted
   */
  public synchronized void grantAtMost(Duration cap) {
    this.grantCap = Objects.requireNonNull(cap, "cap");
  }

  /**
   * Sets a profile's maximum session duration (extensions included).
   *
   * @param profile the profile name
   * @param max the maximum
   */
  public synchronized void profileMaxDuration(String profile, Duration max) {
    Profile p = profiles.get(profile);
    if (p == null) {
      throw new IllegalArgumentException("unknown profile " + profile);
    }
    profiles.put(profile, new Profile(profile, p.status(), max));
  }

  /**
   * The network ends a session early (UNAVAILABLE, NETWORK_TERMINATED). It keeps blocking new
   * sessions of its device and flow until deleted.
   *
   * @param sessionId the session
   * @return the CloudEvent notification the operator would send, as JSON bytes
   */
  public synchronized byte[] terminate(UUID sessionId) {
    Session s = existing(sessionId);
    s.status = "UNAVAILABLE";
    s.statusInfo = "NETWORK_TERMINATED";
    Instant now = clock().instant();
    s.duration = Math.max(1, Duration.between(s.startedAt, now).toSeconds());
    s.expiresAt = now;
    return statusChangedEvent(sessionId);
  }

  /**
   * Makes a REQUESTED session AVAILABLE.
   *
   * @param sessionId the session
   * @return the CloudEvent notification the operator would send
   */
  public synchronized byte[] makeAvailable(UUID sessionId) {
    Session s = existing(sessionId);
    s.status = "AVAILABLE";
    s.startedAt = clock().instant();
    s.expiresAt = s.startedAt.plusSeconds(s.duration);
    return statusChangedEvent(sessionId);
  }

  /**
   * The {@code qos-status-changed} CloudEvent for a session's current status.
   *
   * @param sessionId the session
   * @return the event as JSON bytes
   */
  public synchronized byte[] statusChangedEvent(UUID sessionId) {
    Session s = existing(sessionId);
    ObjectNode data = json.createObjectNode().put("sessionId", s.id.toString()).put("qosStatus", s.status);
    if (s.statusInfo != null) {
      data.put("statusInfo", s.statusInfo);
    }
    ObjectNode event = json.createObjectNode()
        .put("id", UUID.randomUUID().toString())
        .put("source", apiRoot() + QOD + "/sessions/" + s.id)
        .put("specversion", "1.0")
        .put("type", "org.camaraproject.quality-on-demand.v1.qos-status-changed")
        .put("datacontenttype", "application/json")
        .put("time", clock().instant().truncatedTo(ChronoUnit.SECONDS).toString());
    event.set("data", data);
    return event.toString().getBytes(StandardCharsets.UTF_8);
  }

  private Session existing(UUID id) {
    Session s = sessions.get(id);
    if (s == null) {
      throw new IllegalArgumentException("no session " + id);
    }
    return s;
  }

  // ------------------------------------------------------------------ inspection

  /** {@return every session ever created, with its current state} */
  public synchronized List<FakeQosSession> sessions() {
    List<FakeQosSession> out = new ArrayList<>();
    for (Session s : sessions.values()) {
      refresh(s);
      out.add(new FakeQosSession(s.id, s.request.path("qosProfile").asText(), s.status, s.statusInfo, s.duration,
          s.startedAt, s.expiresAt, s.deleted));
    }
    return List.copyOf(out);
  }

  /** {@return the sessions that still cost money: neither deleted, expired nor terminated} */
  public List<FakeQosSession> openSessions() {
    return sessions().stream().filter(FakeQosSession::open).toList();
  }

  /** {@return the bookings not deleted, as their JSON documents} */
  public synchronized List<String> bookings() {
    return bookings.values().stream().map(JsonNode::toString).toList();
  }

  /** {@return every request the operator answered, in order (not those a {@link #faults() fault} answered)} */
  public synchronized List<RecordedCamaraCall> calls() {
    return List.copyOf(calls);
  }

  /**
   * The requests of one operation.
   *
   * @param operationId the operation
   * @return its requests, in order
   */
  public synchronized List<RecordedCamaraCall> calls(String operationId) {
    return calls.stream().filter(c -> c.operationId().equals(operationId)).toList();
  }

  /** {@return how many tokens the token endpoint issued} */
  public int tokensIssued() {
    return tokenSeq.get();
  }

  // ------------------------------------------------------------------ HTTP

  private record Reply(int status, @Nullable String contentType, String body, @Nullable Duration retryAfter) {
    static Reply json(int status, JsonNode body) {
      return new Reply(status, "application/json", body.toString(), null);
    }

    static Reply empty(int status) {
      return new Reply(status, null, "", null);
    }
  }

  private FakeResponse respond(ReceivedRequest request) {
    String method = request.method();
    String path = request.path();
    String body = new String(request.body(), StandardCharsets.UTF_8);
    String authorization = request.header("Authorization").orElse(null);
    String corr = request.header("x-correlator").orElse(null);
    String[] op = operation(method, path);
    Reply reply;
    synchronized (this) {
      Deque<Scripted> q = scripts.get(op[1] + ":" + op[0]);
      if (q == null || q.isEmpty()) {
        q = scripts.get(op[0]);
      }
      Scripted scripted = q == null ? null : q.poll();
      if (op[0].equals("unknown")) {
        reply = error(404, "NOT_FOUND", "no such endpoint: " + method + " " + path);
      } else if (scripted != null) {
        reply = new Reply(scripted.status(), scripted.contentType(), scripted.body(), scripted.retryAfter());
      } else if (op[0].equals("token")) {
        reply = token(authorization, body);
      } else if (!authorized(authorization)) {
        reply = error(401, "UNAUTHENTICATED",
            "Request not authenticated due to missing, invalid, or expired credentials.");
      } else {
        reply = dispatch(op[0], method, path, body);
      }
      calls.add(new RecordedCamaraCall(op[0], op[1], method, path, body, reply.status(), corr));
    }
    FakeResponse.Builder response = FakeResponse.builder(reply.status());
    if (corr != null) {
      response.header("x-correlator", corr);
    }
    if (reply.retryAfter() != null) {
      response.header("Retry-After", Long.toString(reply.retryAfter().toSeconds()));
    }
    String contentType = reply.contentType();
    if (contentType != null) {
      response.body(reply.body(), contentType);
    } else {
      response.untypedBody(reply.body().getBytes(StandardCharsets.UTF_8));
    }
    return response.build();
  }

  private static String[] operation(String method, String path) {
    if (path.equals(TOKEN) && method.equals("POST")) {
      return new String[] {"token", "oauth"};
    }
    if (path.startsWith(QOD + "/")) {
      String rest = path.substring(QOD.length());
      if (rest.equals("/sessions") && method.equals("POST")) {
        return new String[] {"createSession", "qod"};
      }
      if (rest.equals("/retrieve-sessions") && method.equals("POST")) {
        return new String[] {"retrieveSessionsByDevice", "qod"};
      }
      if (rest.matches("/sessions/[^/]+/extend") && method.equals("POST")) {
        return new String[] {"extendQosSessionDuration", "qod"};
      }
      if (rest.matches("/sessions/[^/]+")) {
        if (method.equals("GET")) {
          return new String[] {"getSession", "qod"};
        }
        if (method.equals("DELETE")) {
          return new String[] {"deleteSession", "qod"};
        }
      }
    }
    if (path.equals(PROFILES + "/retrieve-qos-profiles") && method.equals("POST")) {
      return new String[] {"retrieveQoSProfiles", "qos-profiles"};
    }
    if (path.startsWith(PROFILES + "/qos-profiles/") && method.equals("GET")) {
      return new String[] {"getQosProfile", "qos-profiles"};
    }
    if (path.startsWith(BOOKING + "/sessions")) {
      String rest = path.substring((BOOKING + "/sessions").length());
      if (rest.isEmpty() && method.equals("POST")) {
        return new String[] {"createSession", "slice-booking"};
      }
      if (rest.matches("/[^/]+") && method.equals("GET")) {
        return new String[] {"getSession", "slice-booking"};
      }
      if (rest.matches("/[^/]+") && method.equals("DELETE")) {
        return new String[] {"deleteSession", "slice-booking"};
      }
    }
    return new String[] {"unknown", "none"};
  }

  private Reply error(int status, String code, String message) {
    return Reply.json(status, json.createObjectNode().put("status", status).put("code", code).put("message", message));
  }

  private boolean authorized(@Nullable String header) {
    if (header == null || !header.startsWith("Bearer ")) {
      return false;
    }
    Instant exp = tokens.get(header.substring(7));
    return exp != null && clock().instant().isBefore(exp);
  }

  private Reply token(@Nullable String authorization, String body) {
    String expected = "Basic " + Base64.getEncoder()
        .encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
    Map<String, String> form = new HashMap<>();
    for (String pair : body.split("&", -1)) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    if (!expected.equals(authorization)) {
      return Reply.json(401, json.createObjectNode().put("error", "invalid_client")
          .put("error_description", "client authentication failed"));
    }
    if (!"client_credentials".equals(form.get("grant_type"))) {
      return Reply.json(400, json.createObjectNode().put("error", "unsupported_grant_type"));
    }
    String token = "fake-token-" + tokenSeq.incrementAndGet() + "-" + UUID.randomUUID();
    tokens.put(token, clock().instant().plus(tokenLifetime));
    return Reply.json(200, json.createObjectNode().put("access_token", token).put("token_type", "Bearer")
        .put("expires_in", tokenLifetime.toSeconds()));
  }

  private Reply dispatch(String op, String method, String path, String body) {
    JsonNode doc = null;
    if (method.equals("POST")) {
      try {
        doc = json.readTree(body);
      } catch (JsonProcessingException e) {
        return error(400, "INVALID_ARGUMENT", "Client specified an invalid argument, request body or query param.");
      }
      if (doc == null || !doc.isObject()) {
        return error(400, "INVALID_ARGUMENT", "the request body must be a JSON object");
      }
    }
    String last = path.substring(path.lastIndexOf('/') + 1);
    return switch (op) {
      case "createSession" -> path.startsWith(BOOKING) ? createBooking((ObjectNode) doc)
          : createSession((ObjectNode) Objects.requireNonNull(doc));
      case "getSession" -> path.startsWith(BOOKING) ? getBooking(last) : getSession(last);
      case "deleteSession" -> path.startsWith(BOOKING) ? deleteBooking(last) : deleteSession(last);
      case "extendQosSessionDuration" -> extend(sessionIdBeforeExtend(path), Objects.requireNonNull(doc));
      case "retrieveSessionsByDevice" -> retrieveSessions(Objects.requireNonNull(doc));
      case "retrieveQoSProfiles" -> retrieveProfiles(Objects.requireNonNull(doc));
      case "getQosProfile" -> getProfile(URLDecoder.decode(last, StandardCharsets.UTF_8));
      default -> error(404, "NOT_FOUND", "no such operation");
    };
  }

  private static String sessionIdBeforeExtend(String path) {
    String withoutExtend = path.substring(0, path.length() - "/extend".length());
    return withoutExtend.substring(withoutExtend.lastIndexOf('/') + 1);
  }

  private void refresh(Session s) {
    if ("AVAILABLE".equals(s.status) && !clock().instant().isBefore(s.expiresAt)) {
      s.status = "UNAVAILABLE";
      s.statusInfo = "DURATION_EXPIRED";
    }
  }

  private @Nullable Session lookup(String id) {
    try {
      Session s = sessions.get(UUID.fromString(id));
      if (s == null || s.deleted) {
        return null;
      }
      refresh(s);
      return s;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private Reply createSession(ObjectNode req) {
    JsonNode as = req.get("applicationServer");
    JsonNode profile = req.get("qosProfile");
    JsonNode duration = req.get("duration");
    if (as == null || !as.isObject() || as.isEmpty() || profile == null || !profile.isTextual()
        || duration == null || !duration.canConvertToInt()) {
      return error(400, "INVALID_ARGUMENT", "applicationServer, qosProfile and duration are required");
    }
    if (!PROFILE_NAME.matcher(profile.asText()).matches()) {
      return error(400, "INVALID_ARGUMENT", "qosProfile does not match the QosProfileName pattern");
    }
    Profile p = profiles.get(profile.asText());
    if (p == null) {
      return error(400, "INVALID_ARGUMENT", "unknown qosProfile");
    }
    if (!p.status().equals("ACTIVE")) {
      return error(422, "QUALITY_ON_DEMAND.QOS_PROFILE_NOT_APPLICABLE",
          "The requested QoS Profile is currently not available for session creation.");
    }
    long seconds = duration.asLong();
    if (seconds < 1 || seconds > p.maxDuration().toSeconds()) {
      return error(400, "QUALITY_ON_DEMAND.DURATION_OUT_OF_RANGE",
          "The requested duration is out of the allowed range for the specific QoS profile");
    }
    JsonNode sink = req.get("sink");
    if (sink != null && !sink.asText().startsWith("https://")) {
      return error(400, "INVALID_SINK", "sink must be an https URI");
    }
    String deviceKey = String.valueOf(req.get("device")) + "|" + as;
    for (Session s : sessions.values()) {
      if (!s.deleted && s.deviceKey.equals(deviceKey)) {
        refresh(s);
        if (!"DURATION_EXPIRED".equals(s.statusInfo)) {
          return error(409, "CONFLICT", "Conflict with an existing session for the same device.");
        }
      }
    }
    if (grantCap != null && seconds > grantCap.toSeconds()) {
      seconds = grantCap.toSeconds();
    }
    Session s = new Session(UUID.randomUUID(), req, deviceKey, createStatus, seconds, clock().instant());
    sessions.put(s.id, s);
    return Reply.json(201, sessionInfo(s));
  }

  private ObjectNode sessionInfo(Session s) {
    ObjectNode out = s.request.deepCopy();
    out.remove("sinkCredential");
    out.put("sessionId", s.id.toString());
    out.put("duration", s.duration);
    out.put("qosStatus", s.status);
    if (!s.status.equals("REQUESTED")) {
      out.put("startedAt", s.startedAt.truncatedTo(ChronoUnit.SECONDS).toString());
      out.put("expiresAt", s.expiresAt.truncatedTo(ChronoUnit.SECONDS).toString());
    }
    if (s.statusInfo != null) {
      out.put("statusInfo", s.statusInfo);
    }
    return out;
  }

  private Reply getSession(String id) {
    Session s = lookup(id);
    return s == null ? error(404, "NOT_FOUND", "The specified resource is not found.") : Reply.json(200, sessionInfo(s));
  }

  private Reply deleteSession(String id) {
    Session s = lookup(id);
    if (s == null) {
      return error(404, "NOT_FOUND", "The specified resource is not found.");
    }
    s.deleted = true;
    if (!"UNAVAILABLE".equals(s.status)) {
      s.status = "UNAVAILABLE";
      s.statusInfo = "DELETE_REQUESTED";
      s.expiresAt = clock().instant();
    }
    return Reply.empty(204);
  }

  private Reply extend(String id, JsonNode req) {
    Session s = lookup(id);
    if (s == null) {
      return error(404, "NOT_FOUND", "The specified resource is not found.");
    }
    JsonNode add = req.get("requestedAdditionalDuration");
    if (add == null || !add.canConvertToInt() || add.asInt() < 1) {
      return error(400, "INVALID_ARGUMENT", "requestedAdditionalDuration must be an integer >= 1");
    }
    if (!"AVAILABLE".equals(s.status)) {
      return error(409, "QUALITY_ON_DEMAND.SESSION_EXTENSION_NOT_ALLOWED",
          "Extending the session duration is not allowed in the current state (" + s.status
              + "). The session must be in the AVAILABLE state.");
    }
    long max = Objects.requireNonNull(profiles.get(s.request.path("qosProfile").asText())).maxDuration().toSeconds();
    s.duration = Math.min(max, s.duration + add.asLong());
    s.expiresAt = s.startedAt.plusSeconds(s.duration);
    return Reply.json(200, sessionInfo(s));
  }

  private Reply retrieveSessions(JsonNode req) {
    String device = String.valueOf(req.get("device"));
    ArrayNode out = json.createArrayNode();
    for (Session s : sessions.values()) {
      if (!s.deleted && s.deviceKey.startsWith(device + "|")) {
        refresh(s);
        out.add(sessionInfo(s));
      }
    }
    return Reply.json(200, out);
  }

  private ObjectNode profileJson(Profile p) {
    ObjectNode out = json.createObjectNode().put("name", p.name()).put("status", p.status())
        .put("description", "fake profile " + p.name()).put("priority", 20).put("packetErrorLossRate", 3);
    out.set("maxDuration", json.createObjectNode().put("value", p.maxDuration().toSeconds()).put("unit", "Seconds"));
    out.set("minDuration", json.createObjectNode().put("value", 1).put("unit", "Seconds"));
    out.set("packetDelayBudget", json.createObjectNode().put("value", 50).put("unit", "Milliseconds"));
    out.set("maxUpstreamRate", json.createObjectNode().put("value", 20).put("unit", "Mbps"));
    return out;
  }

  private Reply retrieveProfiles(JsonNode req) {
    ArrayNode out = json.createArrayNode();
    for (Profile p : profiles.values()) {
      if (req.has("name") && !req.get("name").asText().equals(p.name())) {
        continue;
      }
      if (req.has("status") && !req.get("status").asText().equals(p.status())) {
        continue;
      }
      out.add(profileJson(p));
    }
    return Reply.json(200, out);
  }

  private Reply getProfile(String name) {
    Profile p = profiles.get(name);
    return p == null ? error(404, "NOT_FOUND", "The specified resource is not found.") : Reply.json(200, profileJson(p));
  }

  private Reply createBooking(@Nullable ObjectNode req) {
    if (req == null || !req.path("serviceTime").has("startDate") || !req.path("serviceArea").has("areaType")
        || !req.has("sliceQosProfile")) {
      return error(400, "INVALID_ARGUMENT", "serviceTime.startDate, serviceArea and sliceQosProfile are required");
    }
    UUID id = UUID.randomUUID();
    ObjectNode stored = req.deepCopy().put("sessionId", id.toString());
    bookings.put(id, stored);
    return Reply.json(201, stored);
  }

  private Reply getBooking(String id) {
    try {
      JsonNode b = bookings.get(UUID.fromString(id));
      return b == null ? error(404, "NOT_FOUND", "The specified resource is not found.") : Reply.json(200, b);
    } catch (IllegalArgumentException e) {
      return error(404, "NOT_FOUND", "The specified resource is not found.");
    }
  }

  private Reply deleteBooking(String id) {
    try {
      bookings.remove(UUID.fromString(id));
    } catch (IllegalArgumentException e) {
      return error(400, "INVALID_ARGUMENT", "sessionId must be a UUID");
    }
    return Reply.empty(204);
  }
}
