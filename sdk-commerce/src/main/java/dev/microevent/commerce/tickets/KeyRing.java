package dev.microevent.commerce.tickets;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The keys a gate accepts tickets from, several at once so keys can rotate: publish the new key
 * (optionally {@linkplain TicketKey#withActiveFrom(Instant) active from} a later instant), start
 * signing with it, then {@linkplain #retire(KeyId, Instant) retire} the old one; tickets the old
 * key signed are accepted for {@link #grace()} after its retirement, then refused as {@link
 * VerdictKind#UNKNOWN_KEY}. Our tickets name their key by id, so a lookup is one map access;
 * pretix secrets carry no id, so each valid pretix key is tried. Immutable and thread-safe: a
 * verifier swaps whole rings atomically ({@link TicketVerifier#keys(KeyRing)}).
 */
public final class KeyRing {
  /** The grace unless set: a day, so tickets already on phones survive a rotation's evening. */
  public static final Duration DEFAULT_GRACE = Duration.ofDays(1);
  /** The longest grace. */
  public static final Duration MAX_GRACE = Duration.ofDays(3650);

  private final Map<KeyId, TicketKey> keys;
  private final List<TicketKey> order;
  private final List<TicketKey> pretix;
  private final Duration grace;

  private KeyRing(Map<KeyId, TicketKey> keys, Duration grace) {
    this.keys = Map.copyOf(keys);
    this.grace = grace;
    List<TicketKey> p = new ArrayList<>();
    for (TicketKey k : keys.values()) {
      if (k.format() == TicketFormat.PRETIX_SIG1) {
        p.add(k);
      }
    }
    this.pretix = List.copyOf(p);
    this.order = List.copyOf(keys.values());
  }

  /**
   * A ring with no keys: every ticket is {@link VerdictKind#UNKNOWN_KEY}.
   *
   * @return the empty ring
   */
  public static KeyRing empty() {
    return builder().build();
  }

  /**
   * Starts a ring.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding this ring's keys and grace.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.keys.putAll(keysById());
    b.grace = grace;
    return b;
  }

  private Map<KeyId, TicketKey> keysById() {
    Map<KeyId, TicketKey> m = new LinkedHashMap<>();
    for (TicketKey k : order) {
      m.put(k.id(), k);
    }
    return m;
  }

  /**
   * The key with an id.
   *
   * @param id the id
   * @return the key, if the ring holds it (accepted or not)
   */
  public Optional<TicketKey> find(KeyId id) {
    return Optional.ofNullable(keys.get(Objects.requireNonNull(id, "id")));
  }

  /**
   * Every key, in the order they were added.
   *
   * @return the keys
   */
  public List<TicketKey> keys() {
    return order;
  }

  /**
   * How long after its retirement a key's tickets are still accepted.
   *
   * @return the grace
   */
  public Duration grace() {
    return grace;
  }

  /**
   * Whether tickets signed by a key of this ring are accepted at an instant.
   *
   * @param id the key's id
   * @param at the instant
   * @return whether the ring holds the key, it is active and it has not been retired for longer
   *     than the grace
   */
  public boolean accepts(KeyId id, Instant at) {
    TicketKey k = keys.get(Objects.requireNonNull(id, "id"));
    return k != null && k.acceptedAt(Objects.requireNonNull(at, "at"), grace);
  }

  /**
   * This ring with one key added, or replaced if the ring holds one with the same id.
   *
   * @param key the key
   * @return a new ring
   */
  public KeyRing with(TicketKey key) {
    Objects.requireNonNull(key, "key");
    Map<KeyId, TicketKey> m = keysById();
    m.put(key.id(), key);
    return new KeyRing(m, grace);
  }

  /**
   * This ring with a key retired.
   *
   * @param id the key's id
   * @param at when it was retired
   * @return a new ring
   * @throws TicketException if the ring holds no key with that id
   */
  public KeyRing retire(KeyId id, Instant at) {
    Objects.requireNonNull(at, "at");
    TicketKey k = find(id).orElseThrow(() -> new TicketException("the ring holds no key " + id + " to retire", null));
    return with(k.withRetiredAt(at));
  }

  @Nullable TicketKey lookup(KeyId id) {
    return keys.get(id);
  }

  List<TicketKey> pretixKeys() {
    return pretix;
  }

  @Override
  public String toString() {
    return "KeyRing{" + order + ", grace=" + grace + "}";
  }

  /** Builds a {@link KeyRing}. Not thread-safe. */
  public static final class Builder {
    private final Map<KeyId, TicketKey> keys = new LinkedHashMap<>();
    private Duration grace = DEFAULT_GRACE;

    private Builder() {}

    /**
     * Adds a key.
     *
     * @param key the key
     * @return this builder
     * @throws TicketException if a key with the same id was already added
     */
    public Builder key(TicketKey key) {
      Objects.requireNonNull(key, "key");
      if (keys.putIfAbsent(key.id(), key) != null) {
        throw new TicketException("the ring already holds a key with id " + key.id(), null);
      }
      return this;
    }

    /**
     * Replaces the keys.
     *
     * @param keys the keys
     * @return this builder
     * @throws TicketException if two keys share an id
     */
    public Builder keys(Collection<TicketKey> keys) {
      Map<KeyId, TicketKey> seen = new LinkedHashMap<>();
      for (TicketKey k : keys) {
        if (seen.put(k.id(), k) != null) {
          throw new TicketException("two keys share the id " + k.id(), null);
        }
      }
      this.keys.clear();
      this.keys.putAll(seen);
      return this;
    }

    /**
     * How long after its retirement a key's tickets are still accepted; default {@link
     * #DEFAULT_GRACE}. Shorten it after a key leak (zero refuses at once), lengthen it for
     * tickets sold months ahead that holders will not refresh.
     *
     * @param grace 0..{@link #MAX_GRACE}
     * @return this builder
     * @throws TicketException if out of range
     */
    public Builder grace(Duration grace) {
      Objects.requireNonNull(grace, "grace");
      if (grace.isNegative() || grace.compareTo(MAX_GRACE) > 0) {
        throw new TicketException("grace must be 0.." + MAX_GRACE + ", got " + grace, null);
      }
      this.grace = grace;
      return this;
    }

    /**
     * Builds the ring.
     *
     * @return the ring
     */
    public KeyRing build() {
      return new KeyRing(keys, grace);
    }
  }
}
