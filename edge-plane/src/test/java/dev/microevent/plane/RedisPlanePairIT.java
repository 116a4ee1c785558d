package dev.microevent.plane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.microevent.core.EdgeRequest;
import dev.microevent.core.EdgeResponse;
import dev.microevent.core.HealthCheckConfig;
import dev.microevent.core.Intent;
import dev.microevent.core.MicroEventClient;
import dev.microevent.core.Plane;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two planes of one venue, each in its own JVM, share one real redis-server. The SDK client knows
 * both; one is killed by PID (SIGKILL) mid-run. The client fails over to the other, and every
 * decision and keyed payment the killed plane acknowledged is readable from the survivor, which
 * serves the same config version.
 */
class RedisPlanePairIT {
  private static final Logger log = LoggerFactory.getLogger(RedisPlanePairIT.class);
  private static final String TOKEN = "pair-admin-token-0123456789";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private static URI uriOf(LocalProcess plane) {
    String line = plane.readyLine();
    return URI.create(line.substring(line.indexOf("serving on ") + 11, line.indexOf(" pid ")));
  }

  private static JsonNode admin(URI plane, String path) throws Exception {
    var r = Http.get(plane, path, "Authorization", "Bearer " + TOKEN);
    assertThat(r.statusCode()).as("%s %s: %s", plane, path, r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  @Test
  void killingOnePlaneMidRun_losesNoDecisionRecordOrConfigVersion_andTheClientFailsOver() throws Exception {
    try (LocalProcess redis = LocalProcess.redis(dir); CannedCentral central = new CannedCentral()) {
      String redisUri = "redis://127.0.0.1:" + redis.port() + "/0";
      String[] common = {"--port", "0", "--redis", redisUri, "--venue", "pair-it", "--key-file",
          dir.resolve("venue.key").toString(), "--admin-token", TOKEN, "--central", central.uri().toString()};
      try (LocalProcess a = LocalProcess.plane(concat(common, "--plane-id", "hub-a"));
          LocalProcess b = LocalProcess.plane(concat(common, "--plane-id", "hub-b"))) {
        URI uriA = uriOf(a);
        URI uriB = uriOf(b);
        var pushed = Http.send(uriA, "PUT", "/admin/v1/config", """
            {"version":"pair-2","models":{"upsell":{"type":"logistic","bias":-2,"weights":{"cartSize":0.9},
             "positive":"bundle-15","negative":"sticker","ttlSeconds":30}}}""", "Authorization", "Bearer " + TOKEN);
        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(200);
        String etag = JSON.readTree(pushed.body()).path("etag").asText();
        await().atMost(Duration.ofSeconds(10)).until(() -> admin(uriB, "/admin/v1/status").path("config")
            .path("etag").asText().equals(etag));

        Map<String, String> paymentsAcked = new LinkedHashMap<>();
        Map<String, String> decisionsAcked = new LinkedHashMap<>();
        Map<String, Integer> answeredBy = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        long killedAt = 0;
        long firstAfterKill = 0;
        try (MicroEventClient client = MicroEventClient.builder()
            .addEdgePlane(Plane.edge("hub-a", uriA, 0))
            .addEdgePlane(Plane.edge("hub-b", uriB, 1))
            .instanceId("till-pair")
            .healthCheck(HealthCheckConfig.defaults().withInterval(Duration.ofMillis(200)).withJitter(Duration.ZERO))
            .configSyncInterval(Duration.ZERO)
            .build()) {
          int calls = 120;
          for (int i = 0; i < calls; i++) {
            if (i == calls / 3) {
              a.kill();
              killedAt = System.nanoTime();
              log.info("killed plane hub-a (pid {}) after {} rounds", a.pid(), i);
            }
            try {
              EdgeResponse paid = client.call(Intent.PAYMENT, EdgeRequest.builder("POST", "/v1/payments")
                  .body("{\"amount\":" + (100 + i) + "}", "application/json").idempotencyKey("pay-" + i).build());
              paymentsAcked.put("pay-" + i, paid.bodyText());
              answeredBy.merge(paid.planeId(), 1, Integer::sum);
              EdgeResponse decided = client.call(Intent.CONTROL, EdgeRequest.builder("POST", "/edge/v1/decisions")
                  .body("{\"decision\":\"upsell\",\"attributes\":{\"cartSize\":\"" + (i % 6) + "\"}}", "application/json")
                  .idempotencyKey("dec-" + i).build());
              decisionsAcked.put(JSON.readTree(decided.body()).path("decisionId").asText(),
                  JSON.readTree(decided.body()).path("value").asText());
              if (killedAt != 0 && firstAfterKill == 0) {
                firstAfterKill = System.nanoTime();
              }
            } catch (RuntimeException e) {
              failures.add(i + ": " + e);
            }
          }
        }
        log.info("answered by {}; first success {} ms after the kill; failures {}", answeredBy,
            (firstAfterKill - killedAt) / 1_000_000, failures);
        assertThat(failures).as("the client fails over without an error").isEmpty();
        assertThat(answeredBy).containsKeys("hub-a", "hub-b");

        for (Map.Entry<String, String> p : paymentsAcked.entrySet()) {
          JsonNode record = admin(uriB, "/admin/v1/records/" + p.getKey());
          assertThat(record.path("body").asText()).isEqualTo(p.getValue());
        }
        for (Map.Entry<String, String> d : decisionsAcked.entrySet()) {
          assertThat(admin(uriB, "/admin/v1/decisions/" + d.getKey()).path("value").asText()).isEqualTo(d.getValue());
        }
        assertThat(central.charges).as("one charge per key, none lost, none doubled").hasSize(paymentsAcked.size());
        JsonNode status = admin(uriB, "/admin/v1/status");
        assertThat(status.path("config").path("version").asText()).isEqualTo("pair-2");
        assertThat(status.path("config").path("etag").asText()).isEqualTo(etag);
        assertThat(Http.get(uriB, "/edge/v1/config").headers().firstValue("ETag")).contains(etag);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
          for (JsonNode p : admin(uriB, "/admin/v1/status").path("planes")) {
            if (p.path("planeId").asText().equals("hub-a")) {
              return p.path("status").asText().equals("STALE");
            }
          }
          return false;
        });
        System.out.printf("redis pair: %d payments and %d decisions acknowledged (%s); after SIGKILL of hub-a the "
            + "first call succeeded in %d ms; lost: 0 records, 0 decisions; config %s %s on the survivor%n",
            paymentsAcked.size(), decisionsAcked.size(), answeredBy, (firstAfterKill - killedAt) / 1_000_000,
            status.path("config").path("version").asText(), etag);
      }
    }
  }

  private static String[] concat(String[] a, String... b) {
    String[] all = new String[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
