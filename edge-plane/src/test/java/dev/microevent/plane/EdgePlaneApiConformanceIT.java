package dev.microevent.plane;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.PathItem;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real plane against docs/edge-plane-api.yaml and docs/edge-plane-admin-api.yaml: every
 * endpoint's requests and answers (success and refusals) validate against the documented schemas,
 * and the specs document exactly the endpoints the plane serves.
 */
class EdgePlaneApiConformanceIT {
  private static final String TOKEN = "conformance-token-0123456789";
  private static final String HEARTBEAT = "{\"instanceId\":\"till-7\",\"mode\":\"NORMAL\",\"lastError\":null,"
      + "\"sdkVersion\":\"0.1.0\",\"sentAt\":\"2026-06-01T18:00:00Z\"}";
  private static Spec edge;
  private static Spec admin;
  private static CannedCentral central;
  private static EdgePlaneServer plane;
  private static URI uri;

  @BeforeAll
  static void start() {
    edge = new Spec("edge-plane-api.yaml");
    admin = new Spec("edge-plane-admin-api.yaml");
    central = new CannedCentral();
    plane = EdgePlaneServer.builder().port(0).planeId("conformance").centralUri(central.uri()).adminToken(TOKEN).start();
    uri = plane.uri();
  }

  @AfterAll
  static void stop() throws Exception {
    plane.close();
    central.close();
  }

  private static String[] auth() {
    return new String[] {"Authorization", "Bearer " + TOKEN};
  }

  @Test
  void theSpecsDocumentExactlyTheEndpointsThePlaneServes() {
    assertThat(edge.api().getPaths()).containsOnlyKeys(
        "/edge/v1/heartbeat", "/edge/v1/config", "/edge/v1/decisions", "/edge/v1/keys",
        "/edge/v1/tickets/{event}/keys", "/edge/v1/tickets/{event}/revocations");
    assertThat(admin.api().getPaths()).containsOnlyKeys("/admin/v1/status", "/admin/v1/config",
        "/admin/v1/decisions", "/admin/v1/decisions/{id}", "/admin/v1/records/{key}", "/admin/v1/keys/rotate",
        "/admin/v1/playbooks", "/admin/v1/playbooks/{name}/plan", "/admin/v1/playbooks/{name}/runs", "/admin/v1/runs",
        "/admin/v1/runs/{id}/rollback", "/admin/v1/alerts", "/admin/v1/alerts/{id}/runbooks/{playbook}/confirm",
        "/admin/v1/tickets/{event}/keys",
        "/admin/v1/tickets/{event}/revocations");
    assertThat(admin.api().getPaths().get("/admin/v1/config").readOperationsMap())
        .containsOnlyKeys(PathItem.HttpMethod.GET, PathItem.HttpMethod.PUT);
  }

  @Test
  void heartbeat_answersAPlaneStatus_andRefusesMalformedBodiesWithAProblem() {
    assertThat(edge.request("/edge/v1/heartbeat", "post", HEARTBEAT)).isEmpty();
    HttpResponse<String> ok = Http.post(uri, "/edge/v1/heartbeat", HEARTBEAT);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(edge.response("/edge/v1/heartbeat", "post", 200, ok.body())).as(ok.body()).isEmpty();
    assertThat(ok.body()).contains("\"status\":\"SERVING\"", "\"configVersion\":\"embedded-1\"");

    HttpResponse<String> bad = Http.post(uri, "/edge/v1/heartbeat", "{\"instanceId\":\"x\",\"mode\":\"SLEEPY\"}");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(edge.response("/edge/v1/heartbeat", "post", 400, bad.body())).as(bad.body()).isEmpty();
  }

  @Test
  void config_isASignedConfigDocumentWithAnETag_and304sWhenCurrent() {
    HttpResponse<String> r = Http.get(uri, "/edge/v1/config");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(edge.response("/edge/v1/config", "get", 200, r.body())).as(r.body()).isEmpty();
    String etag = r.headers().firstValue("ETag").orElseThrow();
    String signature = r.headers().firstValue("Microevent-Signature").orElseThrow();
    assertThat(signature).matches(edge.api().getPaths().get("/edge/v1/config").getGet().getResponses().get("200")
        .getHeaders().get("Microevent-Signature").getSchema().getPattern());

    HttpResponse<String> same = Http.get(uri, "/edge/v1/config", "If-None-Match", etag);
    assertThat(same.statusCode()).isEqualTo(304);
    assertThat(same.body()).isEmpty();
  }

  @Test
  void decisions_answerFromThePushedModel_andRefuseWithDocumentedProblems() {
    String question = "{\"decision\":\"upsell\",\"attributes\":{\"cartSize\":\"4\",\"sku\":\"cap\"}}";
    assertThat(edge.request("/edge/v1/decisions", "post", question)).isEmpty();
    HttpResponse<String> ok = Http.post(uri, "/edge/v1/decisions", question, "Idempotency-Key", "d-1");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(edge.response("/edge/v1/decisions", "post", 200, ok.body())).as(ok.body()).isEmpty();
    assertThat(ok.body()).contains("\"value\":\"bundle-15\"", "\"decisionId\"");

    HttpResponse<String> noModel = Http.post(uri, "/edge/v1/decisions", "{\"decision\":\"fraud\",\"attributes\":{}}");
    assertThat(noModel.statusCode()).isEqualTo(404);
    assertThat(edge.response("/edge/v1/decisions", "post", 404, noModel.body())).isEmpty();

    HttpResponse<String> conflict = Http.post(uri, "/edge/v1/decisions",
        "{\"decision\":\"upsell\",\"attributes\":{\"cartSize\":\"1\"}}", "Idempotency-Key", "d-1");
    assertThat(conflict.statusCode()).isEqualTo(422);
    assertThat(edge.response("/edge/v1/decisions", "post", 422, conflict.body())).isEmpty();

    HttpResponse<String> malformed = Http.post(uri, "/edge/v1/decisions", "{\"decision\":");
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(edge.response("/edge/v1/decisions", "post", 400, malformed.body())).isEmpty();
  }

  @Test
  void keys_listTheCurrentKeyAndEveryHandOver_asDocumented() {
    HttpResponse<String> r = Http.get(uri, "/edge/v1/keys");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(edge.response("/edge/v1/keys", "get", 200, r.body())).as(r.body()).isEmpty();
    assertThat(r.body()).contains(Base64.getEncoder().encodeToString(plane.signingPublicKey()));
  }

  private static String signaturePattern(String path) {
    return edge.api().getPaths().get(path).getGet().getResponses().get("200").getHeaders()
        .get("Microevent-Signature").getSchema().getPattern();
  }

  @Test
  void ticketKeysAndRevocations_arePublishedAndServedAsDocumented_signedWithSeqEqualToVersion() {
    String keys = "/edge/v1/tickets/{event}/keys";
    String revocations = "/edge/v1/tickets/{event}/revocations";
    assertThat(Http.get(uri, "/edge/v1/tickets/conf-ev/keys").statusCode()).isEqualTo(404);
    assertThat(Http.get(uri, "/edge/v1/tickets/conf-ev/revocations").statusCode()).isEqualTo(404);
    String key = Base64.getEncoder().encodeToString(PlaneKey.generate().publicKey());
    String input = "{\"keys\":[{\"format\":\"microevent-v1\",\"publicKey\":\"" + key + "\"}],\"graceSeconds\":60}";
    assertThat(admin.request("/admin/v1/tickets/{event}/keys", "put", input)).isEmpty();
    HttpResponse<String> pushed = Http.send(uri, "PUT", "/admin/v1/tickets/conf-ev/keys", input, auth());
    assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(200);
    assertThat(admin.response("/admin/v1/tickets/{event}/keys", "put", 200, pushed.body())).as(pushed.body()).isEmpty();
    HttpResponse<String> bad = Http.send(uri, "PUT", "/admin/v1/tickets/conf-ev/keys",
        "{\"keys\":[{\"format\":\"microevent-v1\",\"publicKey\":\"" + key + "\",\"kid\":\"0000000000000000\"}]}", auth());
    assertThat(bad.statusCode()).isEqualTo(422);
    assertThat(admin.response("/admin/v1/tickets/{event}/keys", "put", 422, bad.body())).isEmpty();
    assertThat(bad.body()).contains("kid");
    assertThat(Http.send(uri, "PUT", "/admin/v1/tickets/conf-ev/keys", input).statusCode()).isEqualTo(401);

    HttpResponse<String> k = Http.get(uri, "/edge/v1/tickets/conf-ev/keys");
    assertThat(k.statusCode()).isEqualTo(200);
    assertThat(edge.response(keys, "get", 200, k.body())).as(k.body()).isEmpty();
    assertThat(edge.component("TicketKeyList", k.body())).as(k.body()).isEmpty();
    assertThat(k.headers().firstValue("Microevent-Signature").orElseThrow()).matches(signaturePattern(keys))
        .contains("seq=1,");
    String etag = k.headers().firstValue("ETag").orElseThrow();
    assertThat(etag).matches("\"1-[0-9a-f]{16}\"");
    assertThat(Http.get(uri, "/edge/v1/tickets/conf-ev/keys", "If-None-Match", etag).statusCode()).isEqualTo(304);

    String change = "{\"revoke\":[\"T-1\"],\"block\":[\"T-2\"]}";
    assertThat(admin.request("/admin/v1/tickets/{event}/revocations", "post", change)).isEmpty();
    HttpResponse<String> changed = Http.post(uri, "/admin/v1/tickets/conf-ev/revocations", change, auth());
    assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
    assertThat(admin.response("/admin/v1/tickets/{event}/revocations", "post", 200, changed.body())).isEmpty();
    assertThat(Http.post(uri, "/admin/v1/tickets/conf-ev/revocations", "{\"unblock\":[\"T-2\"]}", auth()).body())
        .contains("\"version\":2");
    HttpResponse<String> both = Http.post(uri, "/admin/v1/tickets/conf-ev/revocations",
        "{\"block\":[\"T-3\"],\"unblock\":[\"T-3\"]}", auth());
    assertThat(both.statusCode()).isEqualTo(422);
    assertThat(admin.response("/admin/v1/tickets/{event}/revocations", "post", 422, both.body())).isEmpty();

    HttpResponse<String> full = Http.get(uri, "/edge/v1/tickets/conf-ev/revocations?since=0");
    assertThat(full.statusCode()).isEqualTo(200);
    assertThat(edge.component("RevocationList", full.body())).as(full.body()).isEmpty();
    assertThat(full.body()).contains("\"version\":2", "\"revoked\":[\"T-1\"]", "\"blocked\":[]");
    assertThat(full.headers().firstValue("Microevent-Signature").orElseThrow()).matches(signaturePattern(revocations))
        .contains("seq=2,");
    HttpResponse<String> delta = Http.get(uri, "/edge/v1/tickets/conf-ev/revocations?since=1");
    // The 200's oneOf cannot tell a delta from a full list (RevocationList allows other members), so
    // the delta is checked against its own schema.
    assertThat(edge.component("RevocationDelta", delta.body())).as(delta.body()).isEmpty();
    assertThat(delta.body()).contains("\"baseVersion\":1", "\"version\":2", "\"unblock\":[\"T-2\"]");
    assertThat(delta.headers().firstValue("Microevent-Signature").orElseThrow()).contains("seq=2,");
    assertThat(Http.get(uri, "/edge/v1/tickets/conf-ev/revocations?since=2").statusCode()).isEqualTo(304);
    assertThat(Http.get(uri, "/edge/v1/tickets/conf-ev/revocations?since=9").body()).contains("\"revoked\"");
    assertThat(Http.get(uri, "/edge/v1/tickets/conf-ev/revocations?since=x").body()).contains("\"revoked\"");
  }

  @Test
  void adminEndpoints_answerAsDocumented_andRefuseWithoutTheToken() {
    HttpResponse<String> status = Http.get(uri, "/admin/v1/status", auth());
    assertThat(status.statusCode()).isEqualTo(200);
    assertThat(admin.response("/admin/v1/status", "get", 200, status.body())).as(status.body()).isEmpty();

    HttpResponse<String> none = Http.get(uri, "/admin/v1/status");
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(admin.response("/admin/v1/status", "get", 401, none.body())).isEmpty();
    HttpResponse<String> wrong = Http.get(uri, "/admin/v1/status", "Authorization", "Bearer nope-nope-nope-nope");
    assertThat(wrong.statusCode()).isEqualTo(401);

    HttpResponse<String> config = Http.get(uri, "/admin/v1/config", auth());
    assertThat(config.statusCode()).isEqualTo(200);
    assertThat(edge.component("ConfigDocument", config.body())).isEmpty();

    HttpResponse<String> invalid = Http.send(uri, "PUT", "/admin/v1/config",
        "{\"version\":\"x\",\"policies\":{\"read\":{\"maxAttempts\":99}}}", auth());
    assertThat(invalid.statusCode()).isEqualTo(422);
    assertThat(admin.response("/admin/v1/config", "put", 422, invalid.body())).isEmpty();
    assertThat(invalid.body()).contains("maxAttempts");

    HttpResponse<String> decisions = Http.get(uri, "/admin/v1/decisions?limit=5", auth());
    assertThat(decisions.statusCode()).isEqualTo(200);
    assertThat(admin.response("/admin/v1/decisions", "get", 200, decisions.body())).isEmpty();

    HttpResponse<String> asked = Http.post(uri, "/edge/v1/decisions",
        "{\"decision\":\"upsell\",\"attributes\":{\"cartSize\":\"2\"}}");
    String id = asked.body().replaceAll(".*\"decisionId\":\"([^\"]+)\".*", "$1");
    HttpResponse<String> one = Http.get(uri, "/admin/v1/decisions/" + id, auth());
    assertThat(one.statusCode()).isEqualTo(200);
    assertThat(admin.response("/admin/v1/decisions/{id}", "get", 200, one.body())).as(one.body()).isEmpty();
    assertThat(Http.get(uri, "/admin/v1/decisions/nope", auth()).statusCode()).isEqualTo(404);

    HttpResponse<String> paid = Http.post(uri, "/v1/payments", "{\"amount\":2500}", "Idempotency-Key", "conf-pay-1");
    assertThat(paid.statusCode()).isEqualTo(201);
    HttpResponse<String> record = Http.get(uri, "/admin/v1/records/conf-pay-1", auth());
    assertThat(record.statusCode()).isEqualTo(200);
    assertThat(admin.response("/admin/v1/records/{key}", "get", 200, record.body())).as(record.body()).isEmpty();
  }

  @Test
  void pushAndRotation_answerAsDocumented() {
    HttpResponse<String> pushed = Http.send(uri, "PUT", "/admin/v1/config",
        "{\"version\":\"conf-2\",\"flags\":{\"x\":true},\"models\":{\"upsell\":{\"type\":\"logistic\",\"weights\":"
            + "{\"cartSize\":1},\"positive\":\"yes\",\"negative\":\"no\"}}}", auth());
    assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(200);
    assertThat(admin.response("/admin/v1/config", "put", 200, pushed.body())).isEmpty();

    HttpResponse<String> rotated = Http.send(uri, "POST", "/admin/v1/keys/rotate", "", auth());
    assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
    assertThat(admin.response("/admin/v1/keys/rotate", "post", 200, rotated.body())).isEmpty();

    HttpResponse<String> keys = Http.get(uri, "/edge/v1/keys");
    assertThat(edge.response("/edge/v1/keys", "get", 200, keys.body())).as(keys.body()).isEmpty();
    String doc = keys.body().replaceAll(".*\"document\":\"([^\"]+)\".*", "$1");
    String handover = new String(Base64.getDecoder().decode(doc), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(edge.component("KeyHandover", handover)).as(handover).isEmpty();
  }

  @Test
  void playbooksRunsAndAlerts_answerAsDocumented() {
    HttpResponse<String> list = Http.get(uri, "/admin/v1/playbooks", auth());
    assertThat(admin.response("/admin/v1/playbooks", "get", 200, list.body())).as(list.body()).isEmpty();
    HttpResponse<String> plan = Http.get(uri, "/admin/v1/playbooks/sports-microhub/plan", auth());
    assertThat(admin.response("/admin/v1/playbooks/{name}/plan", "get", 200, plan.body())).as(plan.body()).isEmpty();
    HttpResponse<String> unknown = Http.get(uri, "/admin/v1/playbooks/nope/plan", auth());
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(admin.response("/admin/v1/playbooks/{name}/plan", "get", 404, unknown.body())).isEmpty();

    HttpResponse<String> run = Http.send(uri, "POST", "/admin/v1/playbooks/sports-microhub/runs", "",
        "Authorization", "Bearer " + TOKEN, "Microevent-Operator", "conformance");
    assertThat(run.statusCode()).as(run.body()).isEqualTo(200);
    assertThat(admin.response("/admin/v1/playbooks/{name}/runs", "post", 200, run.body())).as(run.body()).isEmpty();
    String id = run.body().replaceAll(".*\"id\":\"([0-9a-f]{12})\".*", "$1");
    HttpResponse<String> rollback = Http.send(uri, "POST", "/admin/v1/runs/" + id + "/rollback", "", auth());
    assertThat(rollback.statusCode()).as(rollback.body()).isEqualTo(200);
    assertThat(admin.response("/admin/v1/runs/{id}/rollback", "post", 200, rollback.body())).isEmpty();
    HttpResponse<String> twice = Http.send(uri, "POST", "/admin/v1/runs/" + id + "/rollback", "", auth());
    assertThat(twice.body()).contains("already_rolled_back");
    assertThat(admin.response("/admin/v1/runs/{id}/rollback", "post", twice.statusCode(), twice.body())).isEmpty();

    HttpResponse<String> runs = Http.get(uri, "/admin/v1/runs?limit=10", auth());
    assertThat(admin.response("/admin/v1/runs", "get", 200, runs.body())).as(runs.body()).isEmpty();
    HttpResponse<String> alerts = Http.get(uri, "/admin/v1/alerts", auth());
    assertThat(admin.response("/admin/v1/alerts", "get", 200, alerts.body())).as(alerts.body()).isEmpty();
    HttpResponse<String> noAlert = Http.send(uri, "POST", "/admin/v1/alerts/0123456789ab/runbooks/live-commerce/confirm",
        "", auth());
    assertThat(noAlert.statusCode()).as(noAlert.body()).isEqualTo(404);
    assertThat(admin.response("/admin/v1/alerts/{id}/runbooks/{playbook}/confirm", "post", 404, noAlert.body()))
        .isEmpty();
  }
}
