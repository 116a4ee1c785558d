package dev.microevent.commerce;

import dev.microevent.commerce.audit.AuditEntry;
import dev.microevent.commerce.audit.AuditLog;
import dev.microevent.commerce.audit.AuditReceipt;
import dev.microevent.commerce.internal.DefaultCommerceClient;
import dev.microevent.commerce.shield.BotShield;
import dev.microevent.commerce.shield.BotShieldConfig;
import dev.microevent.commerce.shield.ShieldStore;
import dev.microevent.core.Criticality;
import dev.microevent.core.Intent;
import dev.microevent.core.MicroEventClient;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The commerce client for live drops and pop-ups: catalogue reads answered locally, carts,
 * checkout that never double-charges, order status, a synthetic checkout probe and a bot shield.
 * It runs over the shared {@link MicroEventClient} (edge-first routing, failover, service modes,
 * metrics) and speaks the backend API in {@code docs/commerce-api.yaml}.
 *
 * <pre>{@code
 * try (CommerceClient commerce = CommerceClient.builder()
 *     .client(microEvent)                                  // shared: one pool, one scheduler
 *     .journal(Path.of("/var/lib/popup/checkouts.db"))     // keys survive a crash
 *     .build()) {
 *   commerce.probes().start();
 *   Product hoodie = commerce.catalog().product(Sku.of("HOODIE-1"));
 *   CartId cart = CartId.random(random);
 *   commerce.carts().open(cart);
 *   Cart c = commerce.carts().setQuantity(cart, hoodie.sku(), 1);
 *   CheckoutResult r = commerce.checkout().submit(CheckoutRequest.builder()
 *       .cart(cart).total(c.total()).payment(PaymentToken.of(token)).build());
 * }
 * }</pre>
 *
 * <p>Thread-safe; build one per app and share it. Closing it stops the probe and closes the
 * journal; the {@link MicroEventClient}, its scheduler and any {@link ShieldStore} you passed in
 * stay open (you own them).
 */
public interface CommerceClient extends AutoCloseable {

  /**
   * The intent of cart, order-status and checkout-status calls: critical (the buy flow must run
   * in CRITICAL_ONLY mode) and idempotent (every such call is a GET or a PUT).
   */
  Intent ORDER_FLOW = Intent.of("order_flow", Criticality.CRITICAL, Intent.Idempotence.IDEMPOTENT);

  /**
   * A builder.
   *
   * @return a new builder; not thread-safe
   */
  static Builder builder() {
    return new Builder();
  }

  /**
   * Catalogue and inventory reads, through the local read cache.
   *
   * @return the catalogue, whose product and inventory reads go through the local read cache
   */
  Catalog catalog();

  /**
   * Carts.
   *
   * @return the carts: open, read and set quantities
   */
  Carts carts();

  /**
   * Checkout and payment.
   *
   * @return the checkout: submit a cart for payment and resolve checkouts whose outcome is unknown
   */
  Checkout checkout();

  /**
   * Order status.
   *
   * @return the orders, read uncached so their status is current
   */
  Orders orders();

  /** {@return the local read cache: stats, pushed inventory updates, invalidation} */
  ReadCache cache();

  /** {@return the synthetic checkout probe (not started until {@link SyntheticProbe#start()})} */
  SyntheticProbe probes();

  /**
   * Rate limits, proof-of-work and drop queues.
   *
   * @return the bot shield: rate limits, proof-of-work challenges and drop queues
   */
  BotShield botShield();

  /**
   * A snapshot of everything for dashboards and demos.
   *
   * @return the summary
   */
  CommerceSummary summary();

  /** Stops the probe and closes the journal. Idempotent. */
  @Override
  void close();

  /**
   * Builds a {@link CommerceClient}. Not thread-safe. Only {@link #client} is required.
   *
   * @see CommerceClient
   */
  final class Builder {
    private @Nullable MicroEventClient client;
    private @Nullable Path journal;
    private ReadCacheConfig readCache = ReadCacheConfig.defaults();
    private ProbeConfig probe = ProbeConfig.defaults();
    private @Nullable BotShieldConfig botShield;
    private Random random = new SecureRandom();
    private Supplier<String> checkoutKeys = () -> UUID.randomUUID().toString();
    private Duration inFlightWait = Duration.ofSeconds(10);
    private Duration idempotencyRetention = Duration.ofHours(24);
    private @Nullable Executor refreshExecutor;
    private @Nullable AuditLog audit;
    private Consumer<AuditReceipt> auditReceipts = r -> { };

    private Builder() {}

    /**
     * The shared core client (required): its planes, policies, clock, scheduler and meter
     * registry are used.
     *
     * @param client the client; stays owned by the caller
     * @return this builder
     */
    public Builder client(MicroEventClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * The checkout journal file (SQLite), created if missing; default none, which keeps the
     * journal in memory: keys then survive retries and failover but not an app restart. Set it
     * in production.
     *
     * @param file the file; one per app instance
     * @return this builder
     */
    public Builder journal(Path file) {
      this.journal = Objects.requireNonNull(file, "file");
      return this;
    }

    /**
     * Read cache settings; default {@link ReadCacheConfig#defaults()}. The plane's config
     * document may steer the local-read weight, staleness bound and steered refresh interval over
     * them (its {@code cache} section); without it these stand.
     *
     * @param config the settings
     * @return this builder
     */
    public Builder readCache(ReadCacheConfig config) {
      this.readCache = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * Probe settings; default {@link ProbeConfig#defaults()} (every 30 s). The plane's config
     * document may steer the interval and jitter over them (its {@code probes} section); without
     * it these stand.
     *
     * @param config the settings
     * @return this builder
     */
    public Builder probe(ProbeConfig config) {
      this.probe = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * Bot-shield settings; default {@link BotShieldConfig#defaults()} (a random key, in memory).
     *
     * @param config the settings
     * @return this builder
     */
    public Builder botShield(BotShieldConfig config) {
      this.botShield = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * Randomness for probe jitter and drop-queue shuffles; default a {@link SecureRandom}, so no
     * one can predict who a pre-queue puts first. Inject a seeded one for reproducible tests.
     * Proof-of-work challenges always draw from a {@code SecureRandom} of their own.
     *
     * @param random a thread-safe source
     * @return this builder
     */
    public Builder random(Random random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * Where the idempotency key of each new logical checkout comes from; default random UUIDs
     * (as the IETF draft recommends). Each key must be unique.
     *
     * @param keys supplies 1..255 printable ASCII characters without quotes or backslashes
     * @return this builder
     */
    public Builder checkoutKeys(Supplier<String> keys) {
      this.checkoutKeys = Objects.requireNonNull(keys, "keys");
      return this;
    }

    /**
     * How long a checkout waits while the backend answers 409 (the same key still being
     * processed) before answering UNKNOWN; default 10 s. The waits run on the core client's
     * scheduler.
     *
     * @param wait 0 or more
     * @return this builder
     */
    public Builder inFlightWait(Duration wait) {
      Objects.requireNonNull(wait, "wait");
      if (wait.isNegative()) {
        throw new IllegalArgumentException("inFlightWait must be >= 0, got " + wait);
      }
      this.inFlightWait = wait;
      return this;
    }

    /**
     * How long the backend keeps idempotency keys (and fences); default 24 h, the least {@code
     * docs/commerce-api.yaml} allows. A pending checkout whose key is older than this is not sent
     * again by a submit (the backend may have forgotten the key and would charge it as a new
     * checkout): the submit answers UNKNOWN and {@link Checkout#resolve} asks the backend. Set it
     * to your backend's published retention if that is shorter than the default's assumption is
     * long, never longer than what the backend keeps.
     *
     * @param retention more than 0
     * @return this builder
     */
    public Builder idempotencyRetention(Duration retention) {
      Objects.requireNonNull(retention, "retention");
      if (retention.isNegative() || retention.isZero()) {
        throw new IllegalArgumentException("idempotencyRetention must be > 0, got " + retention);
      }
      this.idempotencyRetention = retention;
      return this;
    }

    /**
     * Where background cache refreshes run; default the core client's I/O executor (off its
     * scheduler, so refreshes never delay its timers).
     *
     * @param executor the executor; stays owned by the caller
     * @return this builder
     */
    public Builder refreshExecutor(Executor executor) {
      this.refreshExecutor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Appends every checkout answer the app gets to an audit log, as a salted commitment ({@link
     * AuditEntry#checkoutOutcome}: checkout id, outcome, amount, time): each {@code submit} answer
     * and each definite {@code resolve} answer. Appends never make a checkout wait. Default none.
     *
     * @param log the log; stays owned by the caller
     * @param receipts hears each receipt (the opening that proves the entry) once it is durable,
     *     on the log's writer thread; what it throws is logged and ignored
     * @return this builder
     */
    public Builder auditLog(AuditLog log, Consumer<AuditReceipt> receipts) {
      this.audit = Objects.requireNonNull(log, "log");
      this.auditReceipts = Objects.requireNonNull(receipts, "receipts");
      return this;
    }

    /**
     * Builds the client (opens the journal).
     *
     * @return the client; close it when done
     * @throws IllegalStateException if no core client was given, or another module on it owns the
     *     {@code cache} or {@code probes} config section or the module name {@code commerce}
     * @throws CheckoutJournalInUseException if another client holds the journal file open
     * @throws CheckoutJournalException if the journal cannot be opened
     */
    public CommerceClient build() {
      MicroEventClient c = client;
      if (c == null) {
        throw new IllegalStateException("client(MicroEventClient) is required: the commerce client runs over it");
      }
      return new DefaultCommerceClient(c, journal, readCache, probe,
          botShield != null ? botShield : BotShieldConfig.defaults(), random, checkoutKeys, inFlightWait,
          idempotencyRetention, refreshExecutor != null ? refreshExecutor : c.runtime().ioExecutor(), audit,
          auditReceipts);
    }
  }
}
