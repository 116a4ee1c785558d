package dev.microevent.commerce.shield;

import dev.microevent.commerce.CommerceClient;
import dev.microevent.commerce.internal.Ids;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the bot shield. Immutable and thread-safe; built with {@link #builder()}. The HMAC
 * key never appears in {@code toString()}.
 *
 * <pre>{@code
 * BotShieldConfig shield = BotShieldConfig.builder()
 *     .hmacKey(keyFromSecretStore)              // the same on every instance
 *     .perClient(RateRule.of(5, Duration.ofSeconds(10)))
 *     .global(RateRule.of(500, Duration.ofSeconds(1)))
 *     .store(ShieldStore.redis(URI.create("redis://10.0.0.5:6379")))
 *     .build();
 * }</pre>
 *
 * @see CommerceClient.Builder#botShield(BotShieldConfig)
 */
public final class BotShieldConfig {
  private final byte[] hmacKey;
  private final RateRule perClient;
  private final RateRule global;
  private final ShieldStore store;
  private final long powMaxNumber;
  private final Duration challengeTtl;
  private final Duration admissionTtl;
  private final String namespace;

  private BotShieldConfig(Builder b) {
    this.hmacKey = b.hmacKey.clone();
    this.perClient = b.perClient;
    this.global = b.global;
    this.store = b.store;
    this.powMaxNumber = b.powMaxNumber;
    this.challengeTtl = b.challengeTtl;
    this.admissionTtl = b.admissionTtl;
    this.namespace = b.namespace;
  }

  /**
   * A builder with the defaults: a random HMAC key (fine for one instance; give every instance
   * the same key to share challenges and tokens), 10 requests per 10 s per client, 1,000 per
   * second globally, an in-memory store, difficulty 100,000, challenges valid 2 minutes,
   * admission tokens 10 minutes.
   *
   * @return a new builder; not thread-safe
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * {@return a configuration with the defaults of {@link #builder()}, including a random HMAC key}
   */
  public static BotShieldConfig defaults() {
    return builder().build();
  }

  /** {@return a copy of the HMAC key, for the SDK's signing code} */
  public byte[] hmacKey() {
    return hmacKey.clone();
  }

  /** {@return the per-client limit} */
  public RateRule perClient() {
    return perClient;
  }

  /** {@return the limit all clients share} */
  public RateRule global() {
    return global;
  }

  /** {@return where limits and single-use marks live} */
  public ShieldStore store() {
    return store;
  }

  /** {@return the proof-of-work search bound (difficulty)} */
  public long powMaxNumber() {
    return powMaxNumber;
  }

  /** {@return how long a challenge may be solved} */
  public Duration challengeTtl() {
    return challengeTtl;
  }

  /** {@return how long an admission token is accepted} */
  public Duration admissionTtl() {
    return admissionTtl;
  }

  /** {@return the prefix of every store key (one per event or drop series)} */
  public String namespace() {
    return namespace;
  }

  @Override
  public String toString() {
    return "BotShieldConfig{perClient=" + perClient + ", global=" + global + ", store=" + store.getClass().getSimpleName()
        + ", powMaxNumber=" + powMaxNumber + ", challengeTtl=" + challengeTtl + ", admissionTtl=" + admissionTtl
        + ", namespace=" + namespace + ", hmacKey=[redacted]}";
  }

  /** Builds a {@link BotShieldConfig}. Not thread-safe. */
  public static final class Builder {
    private byte[] hmacKey;
    private RateRule perClient = RateRule.of(10, Duration.ofSeconds(10));
    private RateRule global = RateRule.of(1000, Duration.ofSeconds(1));
    private ShieldStore store = ShieldStore.inMemory();
    private long powMaxNumber = 100_000;
    private Duration challengeTtl = Duration.ofMinutes(2);
    private Duration admissionTtl = Duration.ofMinutes(10);
    private String namespace = "microevent";

    private Builder() {
      hmacKey = new byte[32];
      new SecureRandom().nextBytes(hmacKey);
    }

    /**
     * The key that signs challenges and admission tokens; every instance that verifies them
     * needs the same key.
     *
     * @param key at least 32 bytes (copied)
     * @return this builder
     */
    public Builder hmacKey(byte[] key) {
      Objects.requireNonNull(key, "key");
      if (key.length < 32) {
        throw new IllegalArgumentException("hmacKey must be at least 32 bytes, got " + key.length);
      }
      this.hmacKey = key.clone();
      return this;
    }

    /**
     * The per-client limit; default 10 per 10 s.
     *
     * @param rule the rule
     * @return this builder
     */
    public Builder perClient(RateRule rule) {
      this.perClient = Objects.requireNonNull(rule, "rule");
      return this;
    }

    /**
     * The limit all clients share (what the backend can take during the drop); default 1,000/s.
     *
     * @param rule the rule
     * @return this builder
     */
    public Builder global(RateRule rule) {
      this.global = Objects.requireNonNull(rule, "rule");
      return this;
    }

    /**
     * Where limits live; default in memory. The app keeps owning a store it passes in.
     *
     * @param store the store
     * @return this builder
     */
    public Builder store(ShieldStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * The proof-of-work difficulty: solvers try half of it on average; default 100,000 (well
     * under a second in a phone browser).
     *
     * @param maxNumber 1,000..100,000,000
     * @return this builder
     */
    public Builder powMaxNumber(long maxNumber) {
      if (maxNumber < 1_000 || maxNumber > 100_000_000) {
        throw new IllegalArgumentException("powMaxNumber must be within 1,000..100,000,000, got " + maxNumber);
      }
      this.powMaxNumber = maxNumber;
      return this;
    }

    /**
     * How long a challenge may be solved; default 2 minutes.
     *
     * @param ttl 1 s .. 1 h
     * @return this builder
     */
    public Builder challengeTtl(Duration ttl) {
      this.challengeTtl = within(ttl, "challengeTtl");
      return this;
    }

    /**
     * How long an admission token is accepted; default 10 minutes.
     *
     * @param ttl 1 s .. 1 h
     * @return this builder
     */
    public Builder admissionTtl(Duration ttl) {
      this.admissionTtl = within(ttl, "admissionTtl");
      return this;
    }

    /**
     * Prefix of every store key; default {@code microevent}. Use one per event so events do not
     * share limits.
     *
     * @param namespace 1..64 characters of {@code [A-Za-z0-9._-]}
     * @return this builder
     */
    public Builder namespace(String namespace) {
      this.namespace = Ids.check(namespace, "namespace");
      return this;
    }

    private static Duration within(Duration ttl, String name) {
      Objects.requireNonNull(ttl, name);
      if (ttl.compareTo(Duration.ofSeconds(1)) < 0 || ttl.compareTo(Duration.ofHours(1)) > 0) {
        throw new IllegalArgumentException(name + " must be within 1 s .. 1 h, got " + ttl);
      }
      return ttl;
    }

    /**
     * Builds the configuration.
     *
     * @return the configuration
     */
    public BotShieldConfig build() {
      return new BotShieldConfig(this);
    }
  }
}
