package dev.microevent.commerce.shield.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.microevent.commerce.internal.Signing;
import dev.microevent.commerce.shield.PowChallenge;
import dev.microevent.commerce.shield.PowVerdict;
import dev.microevent.commerce.shield.ShieldStore;
import dev.microevent.core.internal.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Proof-of-work in the ALTCHA v1 format (SHA-256 only: we issue nothing else, so nothing else
 * verifies). Stateless until a solution is accepted; then its challenge is claimed once in the
 * shield store until it expires, so a replayed solution is refused on every instance sharing the
 * store.
 */
public final class Altcha {
  static final String ALGORITHM = "SHA-256";
  private static final int MAX_PAYLOAD = 4096;
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern EXPIRES = Pattern.compile("[?&]expires=(\\d{1,12})(?:&|$)");

  private final Signing signing;
  private final ShieldStore store;
  private final Clock clock;
  /**
   * Always a CSPRNG, whatever randomness the app injected: with {@code java.util.Random} the salt
   * (three of its outputs) gives away its state, and so the secret number, and the work is skipped.
   */
  private final SecureRandom random = new SecureRandom();
  private final long maxNumber;
  private final Duration ttl;
  private final String namespace;

  Altcha(Signing signing, ShieldStore store, Clock clock, long maxNumber, Duration ttl, String namespace) {
    this.signing = signing;
    this.store = store;
    this.clock = clock;
    this.maxNumber = maxNumber;
    this.ttl = ttl;
    this.namespace = namespace;
  }

  PowChallenge issue() {
    byte[] saltBytes = new byte[12];
    random.nextBytes(saltBytes);
    long expires = clock.instant().plus(ttl).getEpochSecond();
    String salt = HexFormat.of().formatHex(saltBytes) + "?expires=" + expires;
    long number = random.nextLong(maxNumber + 1);
    String challenge = HexFormat.of().formatHex(hash(salt, number));
    return new PowChallenge(ALGORITHM, challenge, maxNumber, salt, signing.hmacHex(challenge));
  }

  PowVerdict verify(String payload) {
    if (payload.length() > MAX_PAYLOAD) {
      return PowVerdict.MALFORMED;
    }
    JsonNode doc;
    try {
      doc = Json.mapper().readTree(Base64.getDecoder().decode(payload.strip()));
    } catch (IllegalArgumentException | IOException e) {
      return PowVerdict.MALFORMED;
    }
    if (doc == null || !doc.isObject() || !ALGORITHM.equals(doc.path("algorithm").asText(""))
        || !doc.path("number").canConvertToLong() || !doc.path("number").isIntegralNumber()
        || !doc.path("salt").isTextual() || !doc.path("challenge").isTextual() || !doc.path("signature").isTextual()) {
      return PowVerdict.MALFORMED;
    }
    String challenge = doc.path("challenge").asText();
    String signature = doc.path("signature").asText();
    String salt = doc.path("salt").asText();
    long number = doc.path("number").asLong();
    if (!HEX64.matcher(challenge).matches() || !HEX64.matcher(signature).matches() || salt.length() > 256
        || number < 0 || number > 100_000_000L) {
      return PowVerdict.MALFORMED;
    }
    byte[] expected = signing.hmac(challenge.getBytes(StandardCharsets.US_ASCII));
    if (!Signing.same(expected, HexFormat.of().parseHex(signature))) {
      return PowVerdict.BAD_SIGNATURE;
    }
    if (!Signing.same(hash(salt, number), HexFormat.of().parseHex(challenge))) {
      return PowVerdict.WRONG_SOLUTION;
    }
    Matcher m = EXPIRES.matcher(salt);
    Instant now = clock.instant();
    if (!m.find() || now.getEpochSecond() > Long.parseLong(m.group(1))) {
      return PowVerdict.EXPIRED;
    }
    Instant expiresAt = Instant.ofEpochSecond(Long.parseLong(m.group(1)));
    if (!store.claimOnce(namespace + ":pow:" + challenge, expiresAt.plusSeconds(1), now)) {
      return PowVerdict.REPLAYED;
    }
    return PowVerdict.VALID;
  }

  static byte[] hash(String salt, long number) {
    return Signing.sha256().digest((salt + number).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The challenge as the ALTCHA widget reads it.
   *
   * @param c the challenge
   * @return its JSON
   */
  public static String challengeJson(PowChallenge c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("algorithm", c.algorithm());
    m.put("challenge", c.challenge());
    m.put("maxnumber", c.maxNumber());
    m.put("salt", c.salt());
    m.put("signature", c.signature());
    return new String(Json.write(m), StandardCharsets.UTF_8);
  }

  /**
   * Brute-forces a challenge, as the widget does.
   *
   * @param c the challenge
   * @return the base64 solution payload
   */
  public static String solve(PowChallenge c) {
    if (!ALGORITHM.equals(c.algorithm())) {
      throw new IllegalStateException("only " + ALGORITHM + " challenges can be solved, got " + c.algorithm());
    }
    byte[] target = HexFormat.of().parseHex(c.challenge());
    MessageDigest sha = Signing.sha256();
    byte[] prefix = c.salt().getBytes(StandardCharsets.UTF_8);
    for (long n = 0; n <= c.maxNumber(); n++) {
      sha.update(prefix);
      if (MessageDigest.isEqual(sha.digest(Long.toString(n).getBytes(StandardCharsets.US_ASCII)), target)) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("algorithm", c.algorithm());
        m.put("challenge", c.challenge());
        m.put("number", n);
        m.put("salt", c.salt());
        m.put("signature", c.signature());
        return Base64.getEncoder().encodeToString(Json.write(m));
      }
    }
    throw new IllegalStateException("no number up to " + c.maxNumber() + " solves the challenge");
  }
}
