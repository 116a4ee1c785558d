package dev.microevent.core.spi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.microevent.core.ResponseMappingException;
import dev.microevent.core.SteeringRejectedException;
import dev.microevent.core.SteeringRejectedException.Reason;
import dev.microevent.core.internal.Json;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one check every signed steering document goes through ({@code docs/edge-plane-api.yaml},
 * "Signed steering"), for one kind of document: the header parses exactly, names this kind and a
 * trusted key, verifies over the exact body, and the sequence is not a replay (below the one held,
 * or the held one with other bytes). A document is {@link #accept accepted} by the caller once it
 * has validated and applied it, so a document refused later (bad schema) does not move the
 * sequence. Thread-safe.
 */
public final class SteeringVerifier {
  private static final Logger log = LoggerFactory.getLogger(SteeringVerifier.class);
  private final String kind;
  private final Map<String, SteeringKey> trusted = new LinkedHashMap<>();
  private long seq;
  private byte @Nullable [] digest;

  /**
   * A verifier holding nothing yet.
   *
   * @param kind the kind of document it checks, e.g. {@link SteeringSignature#CONFIG}
   * @param trusted the keys it trusts
   */
  public SteeringVerifier(String kind, Collection<SteeringKey> trusted) {
    this.kind = Objects.requireNonNull(kind, "kind");
    trust(trusted);
  }

  /**
   * Checks a document.
   *
   * @param header the {@value SteeringSignature#HEADER} value, {@code null} if absent
   * @param body the body exactly as received
   * @return the verified signature; {@link #holds} says whether it is the document already held
   * @throws SteeringRejectedException with the reason, for anything else
   */
  public synchronized SteeringSignature verify(@Nullable String header, byte[] body) {
    SteeringSignature sig = SteeringSignature.parse(header);
    if (!sig.kind().equals(kind)) {
      throw new SteeringRejectedException(Reason.WRONG_KIND,
          "a " + kind + " document signed as kind " + sig.kind(), null);
    }
    SteeringKey key = trusted.get(sig.kid());
    if (key == null) {
      throw new SteeringRejectedException(Reason.UNKNOWN_KEY,
          "a " + kind + " document signed by key " + sig.kid() + ", which is not trusted (not pinned, nor reached by a signed hand-over)", null);
    }
    if (!sig.verifies(key, body)) {
      throw new SteeringRejectedException(Reason.BAD_SIGNATURE,
          "a " + kind + " document whose signature does not verify with key " + sig.kid() + " (altered or forged)", null);
    }
    if (sig.seq() < seq || (sig.seq() == seq && !Arrays.equals(sha256(body), digest))) {
      throw new SteeringRejectedException(Reason.REPLAYED, "a " + kind + " document at sequence " + sig.seq()
          + " when sequence " + seq + " is held (a replay of an older one, or another one at the same place)", null);
    }
    return sig;
  }

  /**
   * Checks a document as {@link #verify(String, byte[])} does, following the plane's signed key
   * hand-over when it is signed by a key this verifier does not trust: then, and only then, it asks
   * for the plane's key chain ({@code GET /edge/v1/keys}), {@link #adoptHandovers adopts} the key
   * it reaches and checks the document again, once. The chain is asked for outside this verifier's
   * lock, so a slow plane holds up no other check. The one way every signed steering document
   * (config, ticket key lists, revocation lists) follows a rotation of the plane's key.
   *
   * @param header the {@value SteeringSignature#HEADER} value, {@code null} if absent
   * @param body the body exactly as received
   * @param keyChain gives the key chain document's bytes (fetched, or as kept), or {@code null}
   *     when there is none (the plane did not answer)
   * @return the verified signature; {@link #holds} says whether it is the document already held
   * @throws SteeringRejectedException with the reason, for anything else ({@link Reason#UNKNOWN_KEY}
   *     when no chain was given or it hands over to no key the document is signed by)
   */
  public SteeringSignature verify(@Nullable String header, byte[] body, Supplier<byte @Nullable []> keyChain) {
    Objects.requireNonNull(keyChain, "keyChain");
    try {
      return verify(header, body);
    } catch (SteeringRejectedException e) {
      if (e.reason() != Reason.UNKNOWN_KEY) {
        throw e;
      }
      byte @Nullable [] chain = keyChain.get();
      if (chain == null) {
        throw e;
      }
      adoptHandovers(chain).ifPresent(k -> log.info("the plane handed its signing key for {} documents over to key {};"
          + " adopted", kind, k.kid()));
      return verify(header, body);
    }
  }

  /**
   * Whether a verified document is the one already held (the same sequence and bytes): a no-op.
   *
   * @param sig its signature
   * @param body its body
   * @return whether it is held already
   */
  public synchronized boolean holds(SteeringSignature sig, byte[] body) {
    return sig.seq() == seq && Arrays.equals(sha256(body), digest);
  }

  /**
   * Records a verified document as the one held, after the caller applied it.
   *
   * @param sig its signature
   * @param body its body
   */
  public synchronized void accept(SteeringSignature sig, byte[] body) {
    seq = sig.seq();
    digest = sha256(body);
  }

  /**
   * Restores what was held before a restart.
   *
   * @param seq the sequence held
   * @param bodySha256 the SHA-256 of its body
   */
  public synchronized void restore(long seq, byte[] bodySha256) {
    this.seq = seq;
    this.digest = bodySha256.clone();
  }

  /**
   * The sequence held, 0 for none.
   *
   * @return the sequence
   */
  public synchronized long sequence() {
    return seq;
  }

  /**
   * The SHA-256 of the body held.
   *
   * @return 32 bytes, or {@code null} if none is held
   */
  public synchronized byte @Nullable [] digest() {
    byte[] d = digest;
    return d == null ? null : d.clone();
  }

  /**
   * Replaces the trusted keys (after a verified hand-over, only the new one).
   *
   * @param keys the keys
   */
  public synchronized void trust(Collection<SteeringKey> keys) {
    trusted.clear();
    for (SteeringKey k : keys) {
      trusted.put(k.kid(), k);
    }
  }

  /**
   * Follows the plane's signed key hand-over: walks a key chain ({@code GET /edge/v1/keys}, a
   * {@code KeyChain} document: {@code handovers}, oldest first, each a {@code document} in Base64
   * and its {@code signature} header) from a key this verifier trusts. Each link must be of kind
   * {@value SteeringSignature#KEY_HANDOVER}, signed by the key it hands over from, at consecutive
   * sequences, its {@code from} and {@code to} naming the keys by their ids; links before a trusted
   * key are skipped, and the walk stops at the first link that breaks a rule (the keys reached
   * until then count). If it reaches a key other than the trusted ones, that key is adopted and
   * from then on the only one trusted. Used by every kind of signed steering document (config,
   * ticket key lists, revocation lists), so a rotation of the plane's key strands none of them.
   *
   * @param keyChain the chain document's bytes, as received (or as kept)
   * @return the key adopted, or empty if the chain reaches no new key (or is not a chain)
   */
  public synchronized Optional<SteeringKey> adoptHandovers(byte[] keyChain) {
    Objects.requireNonNull(keyChain, "keyChain");
    JsonNode chain;
    try {
      chain = Json.read(keyChain, JsonNode.class);
    } catch (ResponseMappingException e) {
      return Optional.empty();
    }
    SteeringKey head = null;
    long lastSeq = 0;
    for (JsonNode link : chain.path("handovers")) {
      SteeringKey to;
      SteeringSignature hs;
      try {
        byte[] doc = Base64.getDecoder().decode(link.path("document").asText(""));
        hs = SteeringSignature.parse(link.path("signature").asText(""));
        SteeringKey from = head == null ? trusted.get(hs.kid()) : (head.kid().equals(hs.kid()) ? head : null);
        if (from == null && head == null) {
          continue; // a hand-over before the key this verifier trusts
        }
        if (from == null || !hs.kind().equals(SteeringSignature.KEY_HANDOVER) || !hs.verifies(from, doc)
            || (head != null && hs.seq() != lastSeq + 1)) {
          break;
        }
        JsonNode body = Json.read(doc, JsonNode.class);
        to = SteeringKey.parse(body.path("to").path("publicKey").asText("")).orElse(null);
        if (to == null || !body.path("from").path("kid").asText("").equals(from.kid())
            || !body.path("to").path("kid").asText("").equals(to.kid())) {
          break;
        }
      } catch (IllegalArgumentException | SteeringRejectedException | ResponseMappingException e) {
        break;
      }
      head = to;
      lastSeq = hs.seq();
    }
    if (head == null || trusted.containsKey(head.kid())) {
      return Optional.empty();
    }
    trust(List.of(head));
    return Optional.of(head);
  }

  /**
   * The trusted keys.
   *
   * @return a copy, in the order given
   */
  public synchronized List<SteeringKey> trusted() {
    return List.copyOf(trusted.values());
  }

  /**
   * The SHA-256 of some bytes.
   *
   * @param bytes the input
   * @return 32 bytes
   */
  public static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is unavailable in this JVM", e);
    }
  }
}
