package dev.microevent.commerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microevent.commerce.shield.AdmissionToken;
import dev.microevent.commerce.shield.AdmissionVerdict;
import dev.microevent.commerce.shield.BotShield;
import dev.microevent.commerce.shield.BotShieldConfig;
import dev.microevent.commerce.shield.ClientKey;
import dev.microevent.commerce.shield.DropQueue;
import dev.microevent.commerce.shield.PowChallenge;
import dev.microevent.commerce.shield.PowVerdict;
import dev.microevent.commerce.shield.RateDecision;
import dev.microevent.commerce.shield.RateRule;
import dev.microevent.core.MicroEventClient;
import dev.microevent.core.time.VirtualTime;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The bot shield in memory on virtual time: limits, proof-of-work and the fair drop queue. */
class BotShieldTest {
  private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private final VirtualTime time = VirtualTime.startingAt(Instant.parse("2026-06-01T18:00:00Z"));
  private final MicroEventClient core = OfflineCore.on(time);
  private final CommerceClient commerce = CommerceClient.builder().client(core).random(new Random(42))
      .botShield(BotShieldConfig.builder()
          .hmacKey(KEY)
          .perClient(RateRule.of(3, Duration.ofSeconds(10)))
          .global(RateRule.of(5, Duration.ofSeconds(1)))
          .powMaxNumber(5_000)
          .challengeTtl(Duration.ofSeconds(60))
          .admissionTtl(Duration.ofMinutes(5))
          .build())
      .build();
  private final BotShield shield = commerce.botShield();

  @AfterEach
  void close() {
    commerce.close();
    core.close();
  }

  // ---------------------------------------------------------------- rate limits

  @Test
  void limitsEachClient_andTellsWhenToRetry() {
    ClientKey shopper = ClientKey.of("shopper@example.com");
    for (int i = 0; i < 3; i++) {
      assertThat(shield.tryAcquire(shopper).allowed()).isTrue();
    }
    RateDecision refused = shield.tryAcquire(shopper);

    assertThat(refused.allowed()).isFalse();
    assertThat(refused.limitedBy()).isEqualTo(RateDecision.Scope.CLIENT);
    assertThat(refused.retryAfter()).isBetween(Duration.ofMillis(3000), Duration.ofMillis(3334));
    time.advance(refused.retryAfter());
    assertThat(shield.tryAcquire(shopper).allowed()).isTrue();
  }

  @Test
  void limitsEveryoneTogether_withoutSpendingTheRefusedClientsToken() {
    for (int i = 0; i < 5; i++) {
      assertThat(shield.tryAcquire(ClientKey.of("bot-" + i)).allowed()).isTrue();
    }
    ClientKey late = ClientKey.of("late");
    RateDecision refused = shield.tryAcquire(late);
    assertThat(refused.limitedBy()).isEqualTo(RateDecision.Scope.GLOBAL);

    time.advance(Duration.ofSeconds(1));
    for (int i = 0; i < 3; i++) {
      assertThat(shield.tryAcquire(late).allowed()).as("its own bucket is still full").isTrue();
    }
    assertThat(shield.stats().limited()).isEqualTo(1);
  }

  @Test
  void clientKeysNeverAppearInClearText() {
    ClientKey k = ClientKey.of("alice@example.com");
    assertThat(k.toString()).doesNotContain("alice").contains(k.digest());
    assertThat(k.digest()).hasSize(32).isHexadecimal();
  }

  // ---------------------------------------------------------------- proof of work

  @Test
  void acceptsASolutionOnce_andRefusesItsReplay() {
    PowChallenge c = shield.issueChallenge();
    String solution = c.solve();

    assertThat(shield.verifySolution(solution)).isEqualTo(PowVerdict.VALID);
    assertThat(shield.verifySolution(solution)).isEqualTo(PowVerdict.REPLAYED);
    assertThat(shield.stats().solutionsAccepted()).isEqualTo(1);
    assertThat(shield.stats().solutionsRejected()).isEqualTo(1);
  }

  @Test
  void keepsTheSecretNumberUnpredictable_evenWithAnInjectedJavaUtilRandom() {
    long max = 1_000_000;
    // The attack works on java.util.Random: three outputs give away its state, and the next number.
    Random weak = new Random();
    byte[] salt = new byte[12];
    weak.nextBytes(salt);
    long secret = (long) (weak.nextDouble() * (max + 1));
    assertThat(predictAfterSalt(salt, max)).as("the attack itself works").hasValue(secret);

    // The client above was built with new Random(42): challenges must not come from it.
    int predicted = 0;
    for (int i = 0; i < 5; i++) {
      PowChallenge c = commerce.botShield().issueChallenge();
      OptionalLong guess = predictAfterSalt(HexFormat.of().parseHex(c.salt().substring(0, 24)), c.maxNumber());
      if (guess.isPresent() && HexFormat.of().formatHex(sha256(c.salt() + guess.getAsLong())).equals(c.challenge())) {
        predicted++;
      }
    }
    assertThat(predicted).as("challenges solved without any work").isZero();
  }

  /**
   * Recovers a {@link Random}'s state from the 12 bytes it produced (three {@code nextInt}s,
   * little-endian) and returns the number {@code (long) (nextDouble() * (max + 1))} it draws next.
   */
  private static OptionalLong predictAfterSalt(byte[] salt, long max) {
    long multiplier = 0x5DEECE66DL;
    long mask = (1L << 48) - 1;
    int[] outputs = new int[3];
    for (int i = 0; i < 3; i++) {
      outputs[i] = (salt[4 * i] & 0xff) | (salt[4 * i + 1] & 0xff) << 8 | (salt[4 * i + 2] & 0xff) << 16
          | (salt[4 * i + 3] & 0xff) << 24;
    }
    for (long low = 0; low < (1 << 16); low++) {
      long state = ((outputs[0] & 0xffffffffL) << 16) | low;
      long s2 = (state * multiplier + 0xBL) & mask;
      if ((int) (s2 >>> 16) != outputs[1]) {
        continue;
      }
      long s3 = (s2 * multiplier + 0xBL) & mask;
      if ((int) (s3 >>> 16) != outputs[2]) {
        continue;
      }
      Random clone = new Random(s3 ^ multiplier);
      return OptionalLong.of((long) (clone.nextDouble() * (max + 1)));
    }
    return OptionalLong.empty();
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void issuesChallengesInTheAltchaFormat() {
    PowChallenge c = shield.issueChallenge();

    assertThat(c.algorithm()).isEqualTo("SHA-256");
    assertThat(c.challenge()).hasSize(64).isHexadecimal();
    assertThat(c.signature()).hasSize(64).isHexadecimal();
    assertThat(c.salt()).matches("[0-9a-f]{24}\\?expires=\\d+");
    assertThat(c.maxNumber()).isEqualTo(5_000);
    assertThat(c.toJson()).contains("\"maxnumber\":5000").contains("\"algorithm\":\"SHA-256\"");
  }

  @Test
  void refusesASolution_afterTheChallengeExpired() {
    String solution = shield.issueChallenge().solve();
    time.advance(Duration.ofSeconds(61));

    assertThat(shield.verifySolution(solution)).isEqualTo(PowVerdict.EXPIRED);
  }

  @Test
  void refusesWrongNumbers_forgedSignatures_andATamperedExpiry() {
    PowChallenge c = shield.issueChallenge();
    String good = new String(Base64.getDecoder().decode(c.solve()), StandardCharsets.UTF_8);
    long number = Long.parseLong(good.replaceAll(".*\"number\":(\\d+).*", "$1"));

    assertThat(shield.verifySolution(b64(good.replace("\"number\":" + number, "\"number\":" + (number + 1)))))
        .isEqualTo(PowVerdict.WRONG_SOLUTION);
    String forged = "f".repeat(64);
    assertThat(shield.verifySolution(b64(good.replace(c.signature(), forged)))).isEqualTo(PowVerdict.BAD_SIGNATURE);
    String later = c.salt().replaceAll("expires=\\d+", "expires=99999999999");
    assertThat(shield.verifySolution(b64(good.replace(c.salt(), later)))).isEqualTo(PowVerdict.WRONG_SOLUTION);
    BotShield otherKey = otherShield();
    assertThat(otherKey.verifySolution(b64(good))).isEqualTo(PowVerdict.BAD_SIGNATURE);
    assertThat(shield.verifySolution(b64(good))).as("the real one still works").isEqualTo(PowVerdict.VALID);
  }

  @Test
  void refusesMalformedAndHostilePayloads_withoutThrowing() {
    PowChallenge c = shield.issueChallenge();
    String good = new String(Base64.getDecoder().decode(c.solve()), StandardCharsets.UTF_8);
    List<String> hostile = new ArrayList<>(List.of(
        "", "not base64 !!", b64("not json"), b64("[1,2,3]"), b64("null"), b64("[".repeat(10_000)),
        b64(good.replace("SHA-256", "SHA-1")), b64(good.replaceAll("\"number\":\\d+", "\"number\":\"12\"")),
        b64(good.replaceAll("\"number\":\\d+", "\"number\":-1")),
        b64(good.replaceAll("\"number\":\\d+", "\"number\":1e400")),
        b64(good.replace(c.challenge(), "../../etc/passwd")), "A".repeat(5000)));
    hostile.add(null);

    for (String h : hostile) {
      assertThat(shield.verifySolution(h)).as("payload %s", h == null ? "null" : h.substring(0, Math.min(h.length(), 30)))
          .isEqualTo(PowVerdict.MALFORMED);
    }
  }

  // ---------------------------------------------------------------- drop queue

  @Test
  void shufflesThePreQueueAtOpening_andPutsLaterArrivalsBehindInOrder() {
    DropQueue q = shield.queue(DropId.of("drop-1"));
    List<ClientKey> early = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      early.add(ClientKey.of("early-" + i));
      assertThat(q.join(early.get(i)).preQueue()).isTrue();
    }
    assertThat(q.admit(5)).as("nobody enters before the drop opens").isEmpty();
    q.open();
    ClientKey late1 = ClientKey.of("late-1");
    ClientKey late2 = ClientKey.of("late-2");
    assertThat(q.join(late1).position()).isEqualTo(21);
    q.join(late2);
    q.join(late1);

    List<AdmissionToken> tokens = q.admit(100);

    assertThat(tokens).hasSize(22);
    assertThat(tokens).extracting(AdmissionToken::sequence).containsExactly(
        java.util.stream.LongStream.rangeClosed(1, 22).boxed().toArray(Long[]::new));
    List<ClientKey> order = tokens.stream().map(AdmissionToken::client).toList();
    assertThat(order.subList(0, 20)).containsExactlyInAnyOrderElementsOf(early).isNotEqualTo(early);
    assertThat(order.subList(20, 22)).containsExactly(late1, late2);
    assertThat(q.waiting()).isZero();
  }

  @Test
  void acceptsAnAdmissionTokenOnce_forItsClientAndDropOnly() {
    DropQueue q = shield.queue(DropId.of("drop-1"));
    AdmissionToken t = admitted(q, alice);

    assertThat(q.verify(t.value(), ClientKey.of("mallory"))).isEqualTo(AdmissionVerdict.WRONG_CLIENT);
    assertThat(shield.queue(DropId.of("drop-2")).verify(t.value(), alice)).isEqualTo(AdmissionVerdict.WRONG_DROP);
    assertThat(otherShield().queue(DropId.of("drop-1")).verify(t.value(), alice))
        .isEqualTo(AdmissionVerdict.BAD_SIGNATURE);
    assertThat(q.verify(t.value(), alice)).isEqualTo(AdmissionVerdict.VALID);
    assertThat(q.verify(t.value(), alice)).isEqualTo(AdmissionVerdict.ALREADY_USED);
    assertThat(t.toString()).doesNotContain(t.value());
  }

  @Test
  void refusesExpiredTamperedAndMalformedAdmissionTokens() {
    DropQueue q = shield.queue(DropId.of("drop-1"));
    AdmissionToken t = admitted(q, alice);
    String body = t.value().substring(0, t.value().indexOf('.'));
    String sig = t.value().substring(t.value().indexOf('.') + 1);
    String payload = new String(Base64.getUrlDecoder().decode(body), StandardCharsets.UTF_8);
    String promoted = Base64.getUrlEncoder().withoutPadding()
        .encodeToString(payload.replaceAll("\"s\":\\d+", "\"s\":0").getBytes(StandardCharsets.UTF_8));

    assertThat(q.verify(promoted + "." + sig, alice)).isEqualTo(AdmissionVerdict.BAD_SIGNATURE);
    for (String bad : List.of("", ".", "a.b.c", "!!!.???", "x".repeat(2000), body + "." + "%%%")) {
      assertThat(q.verify(bad, alice)).as(bad.length() > 20 ? "long" : bad).isEqualTo(AdmissionVerdict.MALFORMED);
    }
    time.advance(Duration.ofMinutes(6));
    assertThat(q.verify(t.value(), alice)).isEqualTo(AdmissionVerdict.EXPIRED);
  }

  @Test
  void callsASignedTokenMalformed_whenItsFieldsAreOutOfRange() {
    DropQueue q = shield.queue(DropId.of("drop-1"));
    String client = "\"c\":\"" + alice.digest() + "\"";
    for (String payload : List.of(
        "{\"d\":\"drop-1\",\"s\":1," + client + ",\"e\":9223372036854775807}",
        "{\"d\":\"drop-1\",\"s\":1," + client + ",\"e\":-9223372036854775808}",
        "{\"d\":\"drop-1\",\"s\":1," + client + ",\"e\":31556889864403199}",
        "{\"d\":\"drop-1\",\"s\":1.5," + client + ",\"e\":1780000000}",
        "{\"d\":\"drop-1\",\"s\":1," + client + ",\"e\":1.7e9}")) {
      assertThat(q.verify(ShieldKeys.signedAdmission(KEY, payload), alice)).as(payload).isEqualTo(AdmissionVerdict.MALFORMED);
    }
  }

  @Test
  void tellsAClientWhereItStands_andRefusesOneThatNeverJoined() {
    DropQueue q = shield.queue(DropId.of("drop-1"));
    q.open();
    q.join(ClientKey.of("a"));
    q.join(ClientKey.of("b"));

    assertThat(q.status(ClientKey.of("b")).position()).isEqualTo(2);
    assertThatThrownBy(() -> q.status(ClientKey.of("c"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not waiting");
  }

  @Test
  void keepsTheHmacKeyOutOfToString() {
    String s = BotShieldConfig.builder().hmacKey(KEY).build().toString();
    assertThat(s).contains("redacted").doesNotContain("0123456789abcdef");
    assertThatThrownBy(() -> BotShieldConfig.builder().hmacKey(new byte[8]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 bytes");
  }

  private final ClientKey alice = ClientKey.of("alice");

  /** Lets one client into an opened queue. */
  private static AdmissionToken admitted(DropQueue q, ClientKey client) {
    q.join(client);
    q.open();
    return q.admit(1).get(0);
  }

  private BotShield otherShield() {
    byte[] other = KEY.clone();
    other[0] ^= 1;
    CommerceClient c = CommerceClient.builder().client(core).botShield(BotShieldConfig.builder().hmacKey(other).build())
        .build();
    c.close();
    return c.botShield();
  }

  private static String b64(String json) {
    return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
