package dev.microevent.plane.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/** Key hand-over documents and the chain clients walk (see "Signed steering" in the spec). */
public final class KeyChain {
  private KeyChain() {}

  /**
   * The body of a hand-over from one key to the next.
   *
   * @param sequence its place in the chain, from 1
   * @param from the key handing over (it signs)
   * @param to the new key
   * @param at when
   * @return the exact bytes to sign and serve
   */
  public static byte[] handoverBody(long sequence, Signer from, Signer to, Instant at) {
    ObjectNode o = PlaneJson.MAPPER.createObjectNode().put("kind", SignedDocument.KEY_HANDOVER).put("sequence", sequence);
    o.set("from", keyRef(from.keyId(), from.publicKey()));
    o.set("to", keyRef(to.keyId(), to.publicKey()));
    o.put("issuedAt", at.toString());
    return PlaneJson.write(o);
  }

  /**
   * A {@code KeyRef}.
   *
   * @param kid the key id
   * @param publicKey the raw key
   * @return the JSON object
   */
  public static ObjectNode keyRef(String kid, byte[] publicKey) {
    return PlaneJson.MAPPER.createObjectNode().put("kid", kid).put("publicKey", Base64.getEncoder().encodeToString(publicKey));
  }

  /**
   * A {@code SignedEnvelope} for one hand-over.
   *
   * @param h the hand-over
   * @return the JSON object
   */
  public static ObjectNode envelope(SignedDocument h) {
    return PlaneJson.MAPPER.createObjectNode().put("document", Base64.getEncoder().encodeToString(h.body()))
        .put("signature", h.header());
  }

  /**
   * The key id the chain hands over to last.
   *
   * @param chain the hand-overs, oldest first
   * @param root the key id when there was no hand-over
   * @return the id of the key that may sign now
   */
  public static String head(List<SignedDocument> chain, String root) {
    if (chain.isEmpty()) {
      return root;
    }
    JsonNode last = PlaneJson.read(chain.get(chain.size() - 1).body(), "a stored hand-over");
    return last.path("to").path("kid").asText(root);
  }

  /**
   * The {@code KeyChain} document of {@code GET /edge/v1/keys}.
   *
   * @param self this plane's key, the current one when nothing was handed over
   * @param chain the hand-overs
   * @return the JSON object
   */
  public static ObjectNode document(Signer self, List<SignedDocument> chain) {
    ObjectNode o = PlaneJson.MAPPER.createObjectNode();
    if (chain.isEmpty()) {
      o.set("current", keyRef(self.keyId(), self.publicKey()));
    } else {
      o.set("current", PlaneJson.read(chain.get(chain.size() - 1).body(), "a stored hand-over").path("to").deepCopy());
    }
    chain.forEach(h -> o.withArray("handovers").add(envelope(h)));
    o.withArray("handovers");
    return o;
  }
}
