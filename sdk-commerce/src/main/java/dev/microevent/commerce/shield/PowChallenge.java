package dev.microevent.commerce.shield;

import dev.microevent.commerce.shield.internal.Altcha;
import java.util.Objects;

/**
 * A proof-of-work challenge in the ALTCHA v1 format: find {@code number} in {@code
 * [0, maxNumber]} with {@code hex(SHA-256(salt + number)) == challenge}. The salt carries the
 * expiry ({@code ?expires=<unix seconds>}) and the signature is {@code hex(HMAC-SHA-256(key,
 * challenge))}, so the server keeps no state until a solution comes back. Immutable and
 * thread-safe.
 *
 * @param algorithm {@code SHA-256}
 * @param challenge the hex digest to match
 * @param maxNumber the search bound; expected work is half of it
 * @param salt random hex plus {@code ?expires=...}
 * @param signature the server's HMAC of the challenge
 */
public record PowChallenge(String algorithm, String challenge, long maxNumber, String salt, String signature) {

  /**
   * Checks the components.
   *
   * @param algorithm {@code SHA-256}
   * @param challenge the hex digest to match
   * @param maxNumber the search bound; expected work is half of it
   * @param salt random hex plus {@code ?expires=...}
   * @param signature the server's HMAC of the challenge
   */
  public PowChallenge {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(challenge, "challenge");
    Objects.requireNonNull(salt, "salt");
    Objects.requireNonNull(signature, "signature");
  }

  /**
   * {@return the challenge as the ALTCHA widget expects it: JSON with {@code algorithm, challenge,
   * maxnumber, salt, signature}}
   */
  public String toJson() {
    return Altcha.challengeJson(this);
  }

  /**
   * Solves the challenge by brute force, as the ALTCHA widget does in the browser (useful for
   * native apps and tests).
   *
   * @return the solution payload: base64 of {@code {algorithm, challenge, number, salt, signature}}
   * @throws IllegalStateException if no number up to {@code maxNumber} matches
   */
  public String solve() {
    return Altcha.solve(this);
  }
}
