package dev.microevent.commerce.shield.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.microevent.commerce.DropId;
import dev.microevent.commerce.internal.Signing;
import dev.microevent.commerce.shield.AdmissionToken;
import dev.microevent.commerce.shield.AdmissionVerdict;
import dev.microevent.commerce.shield.ClientKey;
import dev.microevent.commerce.shield.DropQueue;
import dev.microevent.commerce.shield.QueueTicket;
import dev.microevent.commerce.shield.ShieldStore;
import dev.microevent.core.internal.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.IntConsumer;

/**
 * One drop's fair queue. Order lives here (one lock); tokens are {@code
 * base64url(payload).base64url(HMAC-SHA-256("adm1." + payload))} with payload {@code {"d": drop,
 * "s": sequence, "c": client digest, "e": expiry}}, single-use through the shield store (marked by
 * signature, so tokens of several instances sharing the store and key never collide).
 */
final class DefaultDropQueue implements DropQueue {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final int MAX_TOKEN = 1024;
  /** Expiries from here on are past what {@link Instant} holds (with the second the mark outlives it). */
  private static final long LATEST_EXPIRY = Instant.MAX.getEpochSecond();

  private final DropId drop;
  private final Signing signing;
  private final ShieldStore store;
  private final Clock clock;
  private final Random random;
  private final Duration ttl;
  private final String namespace;
  private final IntConsumer onAdmitted;
  private final Map<String, ClientKey> preQueue = new LinkedHashMap<>();
  private final Map<String, ClientKey> queue = new LinkedHashMap<>();
  private boolean open;
  private long sequence;

  DefaultDropQueue(DropId drop, Signing signing, ShieldStore store, Clock clock, Random random, Duration ttl,
      String namespace, IntConsumer onAdmitted) {
    this.drop = drop;
    this.signing = signing;
    this.store = store;
    this.clock = clock;
    this.random = random;
    this.ttl = ttl;
    this.namespace = namespace;
    this.onAdmitted = onAdmitted;
  }

  @Override
  public DropId drop() {
    return drop;
  }

  @Override
  public synchronized QueueTicket join(ClientKey client) {
    Objects.requireNonNull(client, "client");
    String d = client.digest();
    if (!preQueue.containsKey(d) && !queue.containsKey(d)) {
      (open ? queue : preQueue).put(d, client);
    }
    return status(client);
  }

  @Override
  public synchronized QueueTicket status(ClientKey client) {
    String d = client.digest();
    if (preQueue.containsKey(d)) {
      return new QueueTicket(drop, client, true, 0);
    }
    int position = 1;
    for (String k : queue.keySet()) {
      if (k.equals(d)) {
        return new QueueTicket(drop, client, false, position);
      }
      position++;
    }
    throw new IllegalArgumentException(client + " is not waiting in the queue of drop " + drop
        + " (never joined, or already admitted)");
  }

  @Override
  public synchronized void open() {
    if (open) {
      return;
    }
    List<Map.Entry<String, ClientKey>> early = new ArrayList<>(preQueue.entrySet());
    Collections.shuffle(early, random);
    Map<String, ClientKey> ordered = new LinkedHashMap<>();
    early.forEach(e -> ordered.put(e.getKey(), e.getValue()));
    ordered.putAll(queue);
    queue.clear();
    queue.putAll(ordered);
    preQueue.clear();
    open = true;
  }

  @Override
  public synchronized boolean isOpen() {
    return open;
  }

  @Override
  public synchronized int waiting() {
    return preQueue.size() + queue.size();
  }

  @Override
  public synchronized List<AdmissionToken> admit(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0, got " + count);
    }
    List<AdmissionToken> out = new ArrayList<>();
    if (!open) {
      return out;
    }
    var it = queue.entrySet().iterator();
    Instant expires = clock.instant().plus(ttl);
    while (out.size() < count && it.hasNext()) {
      Map.Entry<String, ClientKey> next = it.next();
      it.remove();
      long seq = ++sequence;
      Map<String, Object> payload = new LinkedHashMap<>();
      payload.put("d", drop.value());
      payload.put("s", seq);
      payload.put("c", next.getKey());
      payload.put("e", expires.getEpochSecond());
      String body = B64.encodeToString(Json.write(payload));
      String token = body + "." + B64.encodeToString(mac(body));
      out.add(new AdmissionToken(token, seq, next.getValue(), Instant.ofEpochSecond(expires.getEpochSecond())));
    }
    onAdmitted.accept(out.size());
    return out;
  }

  private byte[] mac(String body) {
    return signing.hmac(("adm1." + body).getBytes(StandardCharsets.US_ASCII));
  }

  /** An integer (not a fraction) that fits a long. */
  private static boolean isLong(JsonNode n) {
    return n.isIntegralNumber() && n.canConvertToLong();
  }

  @Override
  public AdmissionVerdict verify(String token, ClientKey client) {
    Objects.requireNonNull(client, "client");
    if (token == null || token.length() > MAX_TOKEN) {
      return AdmissionVerdict.MALFORMED;
    }
    int dot = token.indexOf('.');
    if (dot <= 0 || dot != token.lastIndexOf('.')) {
      return AdmissionVerdict.MALFORMED;
    }
    String body = token.substring(0, dot);
    byte[] sig;
    JsonNode payload;
    try {
      sig = Base64.getUrlDecoder().decode(token.substring(dot + 1));
      payload = Json.mapper().readTree(Base64.getUrlDecoder().decode(body));
    } catch (IllegalArgumentException | IOException e) {
      return AdmissionVerdict.MALFORMED;
    }
    if (!Signing.same(mac(body), sig)) {
      return AdmissionVerdict.BAD_SIGNATURE;
    }
    if (payload == null || !payload.path("d").isTextual() || !isLong(payload.path("s"))
        || !payload.path("c").isTextual() || !isLong(payload.path("e"))
        || payload.path("e").asLong() < 0 || payload.path("e").asLong() >= LATEST_EXPIRY) {
      return AdmissionVerdict.MALFORMED;
    }
    if (!drop.value().equals(payload.path("d").asText())) {
      return AdmissionVerdict.WRONG_DROP;
    }
    if (!client.digest().equals(payload.path("c").asText())) {
      return AdmissionVerdict.WRONG_CLIENT;
    }
    Instant now = clock.instant();
    Instant expires = Instant.ofEpochSecond(payload.path("e").asLong());
    if (now.isAfter(expires)) {
      return AdmissionVerdict.EXPIRED;
    }
    // Marked by its signature, not its sequence number: every instance numbers its own queue from 1,
    // so two instances' first tokens share a number but never a signature.
    String mark = namespace + ":adm:" + drop.value() + ":" + HexFormat.of().formatHex(sig);
    return store.claimOnce(mark, expires.plusSeconds(1), now) ? AdmissionVerdict.VALID : AdmissionVerdict.ALREADY_USED;
  }
}
