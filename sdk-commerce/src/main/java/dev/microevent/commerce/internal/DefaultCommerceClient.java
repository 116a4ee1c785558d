package dev.microevent.commerce.internal;

import dev.microevent.commerce.Cart;
import dev.microevent.commerce.CartId;
import dev.microevent.commerce.Carts;
import dev.microevent.commerce.Catalog;
import dev.microevent.commerce.Checkout;
import dev.microevent.commerce.CommerceClient;
import dev.microevent.commerce.CommerceSummary;
import dev.microevent.commerce.DropId;
import dev.microevent.commerce.Inventory;
import dev.microevent.commerce.Order;
import dev.microevent.commerce.OrderId;
import dev.microevent.commerce.Orders;
import dev.microevent.commerce.ProbeConfig;
import dev.microevent.commerce.Product;
import dev.microevent.commerce.ReadCache;
import dev.microevent.commerce.ReadCacheConfig;
import dev.microevent.commerce.Sku;
import dev.microevent.commerce.SyntheticProbe;
import dev.microevent.commerce.audit.AuditLog;
import dev.microevent.commerce.audit.AuditReceipt;
import dev.microevent.commerce.shield.BotShield;
import dev.microevent.commerce.shield.BotShieldConfig;
import dev.microevent.commerce.shield.internal.DefaultBotShield;
import dev.microevent.core.MicroEventClient;
import dev.microevent.core.Subscription;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The commerce client: wires the cache, the journal, checkout, probe and shield over the core
 * client, and lets the plane steer the cache and the probe ({@link PlaneSteering}).
 */
public final class DefaultCommerceClient implements CommerceClient {
  private static final Logger log = LoggerFactory.getLogger(DefaultCommerceClient.class);

  private final MicroEventClient client;
  private final Backend backend;
  private final LocalReadCache cache;
  private final CheckoutJournal journal;
  private final DefaultCheckout checkout;
  private final Checkout answering;
  private final DefaultProbe probe;
  private final DefaultBotShield shield;
  private final CommerceMeters meters;
  private final Subscription steering;
  private final Catalog catalog = new CatalogImpl();
  private final Carts carts = new CartsImpl();
  private final Orders orders = new OrdersImpl();
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * Builds the client; use {@link CommerceClient#builder()}.
   *
   * @param client the core client
   * @param journalFile the journal file, or null for an in-memory journal
   * @param cacheConfig read cache settings
   * @param probeConfig probe settings
   * @param shieldConfig bot shield settings
   * @param random randomness
   * @param keys idempotency key source
   * @param inFlightWait how long to wait out 409
   * @param retention how long the backend keeps idempotency keys
   * @param refreshExecutor where background refreshes run
   * @param audit the audit log checkout answers are appended to, or {@code null}
   * @param receipts hears the receipts of those appends
   */
  public DefaultCommerceClient(MicroEventClient client, @Nullable Path journalFile, ReadCacheConfig cacheConfig,
      ProbeConfig probeConfig, BotShieldConfig shieldConfig, Random random, Supplier<String> keys,
      Duration inFlightWait, Duration retention, Executor refreshExecutor, @Nullable AuditLog audit,
      Consumer<AuditReceipt> receipts) {
    this.client = client;
    PlaneSteering plane = PlaneSteering.of(client); // owns sections on the core client: nothing to undo
    this.journal = CheckoutJournal.open(journalFile); // next: nothing else to undo if it fails
    this.meters = new CommerceMeters(client.runtime().meters().meterRegistry().orElse(null));
    this.backend = new Backend(client);
    this.cache = new LocalReadCache(client, cacheConfig, refreshExecutor, meters);
    if (journalFile == null) {
      log.warn("the checkout journal is in memory: in-flight checkout keys will not survive an app restart; "
          + "set CommerceClient.builder().journal(path) in production");
    }
    this.checkout = new DefaultCheckout(backend, journal, keys, inFlightWait, retention, meters);
    this.answering = audit == null ? checkout : new AuditedCheckout(checkout, audit, receipts, client.runtime().clock());
    this.probe = new DefaultProbe(backend, checkout, probeConfig, random, meters);
    this.shield = new DefaultBotShield(shieldConfig, client.runtime().clock(), random, meters);
    this.steering = plane.attach(new PlaneSteering.Steered() {
      @Override
      public void cache(SteeredSection.@Nullable Value value) {
        cache.configure(SteeredSection.CACHE.over(cacheConfig, value));
      }

      @Override
      public void probes(SteeredSection.@Nullable Value value) {
        probe.configure(SteeredSection.PROBES.over(probeConfig, value));
      }
    });
    int pending = journal.pending().size();
    if (pending > 0) {
      log.info("the checkout journal holds {} checkout(s) of unknown outcome; submit them again or call "
          + "checkout().resolvePending()", pending);
    }
  }

  @Override
  public Catalog catalog() {
    return catalog;
  }

  @Override
  public Carts carts() {
    return carts;
  }

  @Override
  public Checkout checkout() {
    return answering;
  }

  @Override
  public Orders orders() {
    return orders;
  }

  @Override
  public ReadCache cache() {
    return cache;
  }

  @Override
  public SyntheticProbe probes() {
    return probe;
  }

  @Override
  public BotShield botShield() {
    return shield;
  }

  @Override
  public CommerceSummary summary() {
    return new CommerceSummary(client.runtime().clock().instant(), cache.stats(), checkout.stats(), probe.stats(),
        probe.lastResult().orElse(null), shield.stats());
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      steering.close();
      probe.stop();
      meters.close();
      journal.close();
    }
  }

  private final class CatalogImpl implements Catalog {
    @Override
    public Product product(Sku sku) {
      Objects.requireNonNull(sku, "sku");
      return cache.read(Backend.productPath(sku), Backend::product);
    }

    @Override
    public List<Product> products() {
      return cache.read(Backend.productsPath(null), Backend::products);
    }

    @Override
    public List<Product> products(DropId drop) {
      Objects.requireNonNull(drop, "drop");
      return cache.read(Backend.productsPath(drop), Backend::products);
    }

    @Override
    public Inventory inventory(Sku sku) {
      Objects.requireNonNull(sku, "sku");
      return cache.read(Backend.inventoryPath(sku), Backend::inventory);
    }
  }

  private final class CartsImpl implements Carts {
    @Override
    public Cart open(CartId cartId) {
      return backend.openCart(Objects.requireNonNull(cartId, "cartId"), false);
    }

    @Override
    public Cart get(CartId cartId) {
      return backend.getCart(Objects.requireNonNull(cartId, "cartId"));
    }

    @Override
    public Cart setQuantity(CartId cartId, Sku sku, int quantity) {
      return backend.setQuantity(Objects.requireNonNull(cartId, "cartId"), Objects.requireNonNull(sku, "sku"),
          quantity, false);
    }
  }

  private final class OrdersImpl implements Orders {
    @Override
    public Order get(OrderId orderId) {
      return backend.order(Objects.requireNonNull(orderId, "orderId"), false);
    }
  }
}
