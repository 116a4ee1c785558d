package dev.microevent.plane.internal;

import dev.microevent.core.fuzz.Fuzz;
import dev.microevent.plane.PlaneException;
import dev.microevent.plane.PlaneKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every parser of outside bytes in the plane, under the project's fuzz harness: only typed
 * refusals ({@link Problem}, a malformed signature, a {@link PlaneException} for a key file), no
 * hang, no memory bomb. The request bodies and the pushed document are parsed as the handler parses
 * them; the key file through the public {@link PlaneKey#read}.
 */
class PlaneParsersFuzzTest {
  private static final ConfigValidator VALIDATOR = new ConfigValidator();

  @TempDir
  Path dir;

  @Test
  void heartbeatBody() {
    Fuzz.Report report = Fuzz.parser("heartbeat", in -> Wire.heartbeat(in, "edge-1", 0L))
        .seeds("{\"instanceId\":\"till-7\",\"mode\":\"NORMAL\",\"lastError\":null,\"sdkVersion\":\"0.1.0\","
            + "\"sentAt\":\"2026-06-01T18:00:00Z\"}",
            "{\"instanceId\":\"t\",\"mode\":\"CRITICAL_ONLY\",\"lastError\":\"server_error on a\",\"sdkVersion\":\"1\","
                + "\"sentAt\":\"2026-06-01T18:00:00.123+02:00\",\"extra\":[1,2]}")
        .dictionary("instanceId", "mode", "NORMAL", "REDUCED", "lastError", "sdkVersion", "sentAt")
        .typed(Problem.class).run();
    System.out.println(report); // the figures of a run, in target/surefire-reports/*-output.txt
  }

  @Test
  void decisionQuestion() {
    Fuzz.Report report = Fuzz.parser("decision question", Wire::question)
        .seeds("{\"decision\":\"upsell\",\"attributes\":{\"cartSize\":\"3\",\"sku\":\"cap\"}}",
            "{\"decision\":\"u\",\"attributes\":{}}")
        .dictionary("decision", "attributes", "upsell")
        .typed(Problem.class).run();
    System.out.println(report); // the figures of a run, in target/surefire-reports/*-output.txt
  }

  @Test
  void pushedConfigDocument() {
    Fuzz.Report report = Fuzz.parser("config document", VALIDATOR::validate)
        .seeds("{\"version\":\"42\",\"policies\":{\"payment\":{\"deadlineMs\":6000,\"bulkhead\":32}},"
            + "\"flags\":{\"x\":true},\"forwarding\":{\"routes\":[{\"prefix\":\"/v1/p\",\"methods\":[\"POST\"],"
            + "\"intent\":\"payment\"}]},\"models\":{\"upsell\":{\"type\":\"logistic\",\"bias\":-1,"
            + "\"weights\":{\"cartSize\":0.5},\"positive\":\"a\",\"negative\":\"b\",\"ttlSeconds\":5}}}",
            "{\"version\":\"1\",\"oracle\":{\"rules\":[{\"decision\":\"u\",\"answer\":\"a\",\"confidence\":1,"
                + "\"when\":{\"n\":{\"gte\":3}}}]}}")
        .dictionary("version", "forwarding", "routes", "prefix", "intent", "models", "logistic", "weights")
        .typed(Problem.class).run();
    System.out.println(report); // the figures of a run, in target/surefire-reports/*-output.txt
  }

  @Test
  void keyFile_throughThePublicRead() throws Exception {
    Path valid = dir.resolve("valid.key");
    PlaneKey.generate().write(valid);
    Path file = dir.resolve("plane.key");
    Fuzz.Report report = Fuzz.parser("key file", in -> {
          Files.write(file, in);
          PlaneKey.read(file);
        })
        .seeds(Files.readString(valid, StandardCharsets.UTF_8))
        .dictionary("publicKey", "privateKey", "\"kid\"", "==")
        .typed(PlaneException.class).run();
    System.out.println(report); // the figures of a run, in target/surefire-reports/*-output.txt
  }

  @Test
  void playbookYaml() {
    Fuzz.Report report = Fuzz.parser("playbook", in -> Playbook.parse(in, "fuzz.yaml"))
        .seeds("""
            name: live
            triggers: [ { budget: payment, severity: PAGE } ]
            steps:
              - name: payment
                action: { type: intent-policy, intent: payment, set: { deadlineMs: 6000, bulkhead: 64 } }
                check: { type: http, path: /v1/health, status: 200, within: 2s }
                rollback: { type: flag, name: x, value: false }
              - { name: s, action: { type: slo, intent: read, target: 0.99 }, check: { type: budget, budget: read, below: PAGE } }
            """, "name: a\nsteps:\n  - &s { name: b, action: { type: detector, set: { alpha: 0.1 } } }\n  - *s\n")
        .dictionary("name:", "steps:", "action:", "type:", "check:", "rollback:", "within:", "&a", "*a", "!!binary",
            "!!map", "<<:", "- ", "  ", "{", "}", "intent-policy", "decision-model", "probe-period")
        .typed(Problem.class).run();
    System.out.println(report); // the figures of a run, in target/surefire-reports/*-output.txt
  }
}
