package dev.microevent.commerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.microevent.commerce.shield.AdmissionToken;
import dev.microevent.commerce.shield.BotShield;
import dev.microevent.commerce.shield.BotShieldConfig;
import dev.microevent.commerce.shield.ClientKey;
import dev.microevent.commerce.shield.DropQueue;
import dev.microevent.core.MicroEventClient;
import dev.microevent.core.fuzz.Fuzz;
import dev.microevent.core.time.VirtualTime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes what clients send the bot shield: ALTCHA solution payloads ({@code verifySolution}) and
 * admission tokens ({@code DropQueue.verify}), each as raw strings and as documents signed with
 * the shield's own key, which get past the signature check to the fields behind it. Both calls
 * answer bad input with a verdict: nothing may be thrown at all.
 */
class BotShieldFuzzTest {
  private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] TOKENS = {"\"algorithm\"", "\"SHA-256\"", "\"challenge\"", "\"number\"", "\"salt\"",
      "\"signature\"", "?expires=", "&expires=", "\"d\"", "\"s\"", "\"c\"", "\"e\"", "\"drop-1\"", "1e308", "."};
  private final VirtualTime time = VirtualTime.startingAt(Instant.parse("2026-06-01T18:00:00Z"));
  private final MicroEventClient core = OfflineCore.on(time);
  private final CommerceClient commerce = CommerceClient.builder().client(core).random(new Random(42))
      .botShield(BotShieldConfig.builder().hmacKey(KEY).powMaxNumber(1_000).challengeTtl(Duration.ofMinutes(5))
          .build())
      .build();
  private final BotShield shield = commerce.botShield();
  private final ClientKey alice = ClientKey.of("alice");
  private final DropQueue queue = shield.queue(DropId.of("drop-1"));

  @AfterEach
  void close() {
    commerce.close();
    core.close();
  }

  @Test
  void altchaPayloads_throughVerifySolution() {
    System.out.println(run("ALTCHA payload", in -> shield.verifySolution(Fuzz.latin1(in)), solutions()));
  }

  @Test
  void altchaDocuments_solvedAndSignedWithTheKey_throughVerifySolution() {
    List<String> documents = solutions().stream()
        .map(p -> new String(Base64.getDecoder().decode(p), StandardCharsets.UTF_8)).toList();
    System.out.println(run("ALTCHA document, solved and signed", in -> shield.verifySolution(solvedAndSigned(in)),
        documents));
  }

  @Test
  void admissionTokens_throughDropQueueVerify() {
    System.out.println(run("admission token", in -> queue.verify(Fuzz.latin1(in), alice), admissionTokens()));
  }

  @Test
  void admissionPayloads_signedWithTheKey_throughDropQueueVerify() {
    List<String> payloads = admissionTokens().stream().map(t -> t.substring(0, t.indexOf('.')))
        .map(body -> new String(Base64.getUrlDecoder().decode(body), StandardCharsets.UTF_8)).toList();
    System.out.println(run("admission payload, signed",
        in -> queue.verify(ShieldKeys.signedAdmission(KEY, Fuzz.utf8(in)), alice), payloads));
  }

  /** A run that allows nothing to be thrown (both calls answer bad input with a verdict). */
  private static Fuzz.Report run(String name, Fuzz.Target target, List<String> seeds) {
    String[] valid = seeds.toArray(String[]::new);
    CommerceFuzz.warmUp(target, valid);
    return Fuzz.parser(name, target).seeds(valid).dictionary(TOKENS).maxAllocation(CommerceFuzz.JSON).run();
  }

  private List<String> solutions() {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      out.add(shield.issueChallenge().solve());
    }
    return out;
  }

  private List<String> admissionTokens() {
    DropQueue seeds = shield.queue(DropId.of("drop-1"));
    seeds.join(alice);
    seeds.join(ClientKey.of("bob"));
    seeds.open();
    return seeds.admit(2).stream().map(AdmissionToken::value).toList();
  }

  /**
   * The input as a solution document whose challenge its salt and number solve and whose signature
   * is ours, so the fuzzer reaches the expiry and the replay mark; base64 of the raw input when it
   * is not a JSON object.
   */
  private static String solvedAndSigned(byte[] in) {
    byte[] payload = in;
    try {
      JsonNode doc = JSON.readTree(in);
      if (doc instanceof ObjectNode o) {
        if (o.path("salt").isTextual() && o.path("number").isIntegralNumber() && o.path("number").canConvertToLong()) {
          o.put("challenge", ShieldKeys.challengeSolvedBy(o.path("salt").asText(), o.path("number").asLong()));
        }
        if (o.path("challenge").isTextual()) {
          o.put("signature", ShieldKeys.challengeSignature(KEY, o.path("challenge").asText()));
        }
        payload = JSON.writeValueAsBytes(o);
      }
    } catch (IOException notJson) {
      // sent as it is
    }
    return Base64.getEncoder().encodeToString(payload);
  }
}
