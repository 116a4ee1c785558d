package dev.microevent.commerce.shield.internal;

import dev.microevent.commerce.DropId;
import dev.microevent.commerce.internal.CommerceMeters;
import dev.microevent.commerce.internal.Signing;
import dev.microevent.commerce.shield.BotShield;
import dev.microevent.commerce.shield.BotShieldConfig;
import dev.microevent.commerce.shield.ClientKey;
import dev.microevent.commerce.shield.DropQueue;
import dev.microevent.commerce.shield.PowChallenge;
import dev.microevent.commerce.shield.PowVerdict;
import dev.microevent.commerce.shield.RateDecision;
import dev.microevent.commerce.shield.ShieldStats;
import dev.microevent.commerce.shield.ShieldStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The bot shield: rate limits over the store, ALTCHA challenges and drop queues. Public only so
 * the commerce client ({@code commerce.internal}) builds it.
 */
public final class DefaultBotShield implements BotShield {
  private final BotShieldConfig config;
  private final ShieldStore store;
  private final Clock clock;
  private final Random random;
  private final Signing signing;
  private final Altcha altcha;
  private final CommerceMeters meters;
  /** The one bucket every client shares: the same on every take, so built once. */
  private final ShieldStore.Bucket globalBucket;
  private final ConcurrentMap<DropId, DropQueue> queues = new ConcurrentHashMap<>();
  private final LongAdder allowed = new LongAdder();
  private final LongAdder limited = new LongAdder();
  private final LongAdder issued = new LongAdder();
  private final LongAdder accepted = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final LongAdder admitted = new LongAdder();

  /**
   * A shield over the configured store.
   *
   * @param config the configuration
   * @param clock the client's clock (challenge and token expiry)
   * @param random the client's randomness (salts, token ids)
   * @param meters the client's commerce meters
   */
  public DefaultBotShield(BotShieldConfig config, Clock clock, Random random, CommerceMeters meters) {
    this.config = config;
    this.store = config.store();
    this.clock = clock;
    this.random = random;
    this.signing = new Signing(config.hmacKey());
    this.altcha = new Altcha(signing, store, clock, config.powMaxNumber(), config.challengeTtl(), config.namespace());
    this.meters = meters;
    this.globalBucket = new ShieldStore.Bucket(config.namespace() + ":rl:global", config.global());
  }

  @Override
  public RateDecision tryAcquire(ClientKey client) {
    Objects.requireNonNull(client, "client");
    ShieldStore.Take take = store.take(List.of(
        new ShieldStore.Bucket(config.namespace() + ":rl:client:" + client.digest(), config.perClient()),
        globalBucket), clock.instant());
    RateDecision decision = take.granted()
        ? new RateDecision(true, RateDecision.Scope.NONE, Duration.ZERO)
        : new RateDecision(false, take.deniedIndex() == 0 ? RateDecision.Scope.CLIENT : RateDecision.Scope.GLOBAL,
            take.retryAfter());
    (decision.allowed() ? allowed : limited).increment();
    meters.count("microevent.commerce.shield.decisions", "limited_by",
        decision.limitedBy().name().toLowerCase(Locale.ROOT));
    return decision;
  }

  @Override
  public PowChallenge issueChallenge() {
    issued.increment();
    meters.count("microevent.commerce.shield.challenges");
    return altcha.issue();
  }

  @Override
  public PowVerdict verifySolution(String payload) {
    PowVerdict v = payload == null ? PowVerdict.MALFORMED : altcha.verify(payload);
    (v.valid() ? accepted : rejected).increment();
    meters.count("microevent.commerce.shield.solutions", "verdict", v.name().toLowerCase(Locale.ROOT));
    return v;
  }

  @Override
  public DropQueue queue(DropId drop) {
    Objects.requireNonNull(drop, "drop");
    return queues.computeIfAbsent(drop, d -> new DefaultDropQueue(d, signing, store, clock, random,
        config.admissionTtl(), config.namespace(), n -> {
          admitted.add(n);
          if (n > 0) {
            meters.count("microevent.commerce.shield.admissions");
          }
        }));
  }

  @Override
  public ShieldStats stats() {
    return new ShieldStats(allowed.sum(), limited.sum(), issued.sum(), accepted.sum(), rejected.sum(), admitted.sum());
  }
}
