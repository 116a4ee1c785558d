package dev.microevent.samples.popup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.microevent.commerce.Cart;
import dev.microevent.commerce.CartId;
import dev.microevent.commerce.CheckoutRequest;
import dev.microevent.commerce.CommerceClient;
import dev.microevent.commerce.CommerceSummary;
import dev.microevent.commerce.PaymentToken;
import dev.microevent.commerce.ReadCacheConfig;
import dev.microevent.commerce.Sku;
import dev.microevent.core.EdgeRequest;
import dev.microevent.core.HealthCheckConfig;
import dev.microevent.core.Intent;
import dev.microevent.core.MicroEventClient;
import dev.microevent.core.Plane;
import dev.microevent.core.SdkException;
import dev.microevent.core.Subscription;
import dev.microevent.plane.EdgePlaneServer;
import dev.microevent.plane.PlaneCommand;
import dev.microevent.slices.FiveQi;
import dev.microevent.slices.Slice;
import dev.microevent.slices.SliceId;
import dev.microevent.slices.SlicePlan;
import dev.microevent.slices.SliceServiceType;
import dev.microevent.slices.SliceStatus;
import dev.microevent.slices.SliceSteering;
import dev.microevent.slices.SlicesClient;
import dev.microevent.slices.SlicesSnapshot;
import dev.microevent.slices.Snssai;
import dev.microevent.testkit.commerce.FakeCommerceBackend;
import dev.microevent.testkit.commerce.FakeCommercePlane;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The live-commerce pop-up app against a real edge plane, on embedded defaults: it starts an
 * {@link EdgePlaneServer} in this process (central is a fake commerce backend on loopback), runs the
 * plane's {@code live-commerce} preset through the {@code plane} command's own code path ({@link
 * PlaneCommand}), and opens the drop when the preset's {@code live-drop} flag reaches the app's SDK
 * client through config sync. The app sends checkouts through a "checkout" 5G slice and stream
 * chunks through a "streaming" slice, runs a synthetic buy flow when the drop opens and then at the
 * period the preset sets (every 30 s, steered by the plane), and reads the catalog through a read
 * cache weighted so 70 % of reads are answered locally. Show time runs {@value #TIME_SCALE}x faster
 * than the wall clock. It prints what happened in a few lines.
 *
 * <pre>{@code
 * mvn -B -q -pl samples-popup -am -DskipTests package exec:java@popup-app
 * }</pre>
 */
public final class LiveCommercePopUp {
  /** Show time runs this many times faster than the wall clock. */
  static final int TIME_SCALE = 30;
  /** The share of catalog reads the app wants answered on the device. */
  static final double LOCAL_READS = 0.7;
  static final String PRESET = "live-commerce";
  static final String FLAG = "live-drop";
  static final Duration CONFIG_SYNC = Duration.ofSeconds(1);
  private static final Duration RUN = Duration.ofSeconds(12);
  private static final List<Sku> DROP = List.of(Sku.of("HOODIE-LIVE"), Sku.of("MUG-LIVE"), Sku.of("SOCKS-LIVE"));
  static final SliceId CHECKOUT = SliceId.of("checkout");
  static final SliceId STREAMING = SliceId.of("streaming");

  private LiveCommercePopUp() {}

  /**
   * Runs the app for about 12 s and prints what happened.
   *
   * @param args ignored
   * @throws Exception if a loopback server cannot start
   */
  public static void main(String[] args) throws Exception {
    run(new PrintStream(System.out, true, StandardCharsets.UTF_8), RUN);
  }

  /** What happened, for the printout and for tests. */
  record Result(int presetExitCode, String presetResult, int presetSteps, String configVersion,
      Duration presetReachedClientAfter, boolean liveDrop, Duration paymentDeadline, Duration readDeadline,
      Duration buyFlowPeriod, CommerceSummary commerce, long streamChunks, long streamChunksAccepted, SlicesSnapshot slices) {
    long sliceAttempts(SliceId id) {
      return slices.slice(id).map(SliceStatus::attempts).orElse(0L);
    }
  }

  /**
   * Runs the app: plane, preset, client, traffic for {@code length}, summary.
   *
   * @param out where the few lines go
   * @param length how long the drop runs (wall clock)
   * @return what happened
   */
  static Result run(PrintStream out, Duration length) throws Exception {
    FakeCommerceBackend backend = new FakeCommerceBackend()
        .product("HOODIE-LIVE", "Live hoodie", 5900, "EUR", 1000, "live-1")
        .product("MUG-LIVE", "Live mug", 1500, "EUR", 1000, "live-1")
        .product("SOCKS-LIVE", "Live socks", 900, "EUR", 1000, "live-1")
        .product("PROBE-1", "Probe item", 100, "EUR", 1_000_000)
        .productCacheControl("max-age=1, stale-while-revalidate=10, stale-if-error=60")
        .inventoryCacheControl("max-age=1, stale-while-revalidate=5, stale-if-error=30");
    String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    SliceSteering steering = SliceSteering.of(SlicePlan.playbook(
        Slice.builder(CHECKOUT).snssai(Snssai.of(SliceServiceType.URLLC, 0x00C0DE)).qos(FiveQi.standard(7))
            .localAddress(InetAddress.getByName("127.0.0.2")).exclusiveTo(Intent.PAYMENT).build(),
        Slice.builder(STREAMING).snssai(Snssai.of(SliceServiceType.EMBB, 0x000051)).qos(FiveQi.standard(71))
            .localAddress(InetAddress.getByName("127.0.0.3")).build()));
    Path journal = Files.createTempFile("popup-checkouts", ".db");
    try (FakeCommercePlane central = backend.plane("central");
        EdgePlaneServer plane = EdgePlaneServer.builder().planeId("popup-hub").port(0).centralUri(central.uri())
            .adminToken(token).start();
        MicroEventClient client = MicroEventClient.builder()
            .addEdgePlane(Plane.edge(plane.planeId(), plane.uri(), 0))
            .addPlaneKey(plane.signingPublicKey()) // only documents the pop-up's own plane signed steer the till
            .centralPlane(central.asCentral())
            .instanceId("popup-till-1")
            .healthCheck(HealthCheckConfig.defaults().withInterval(Duration.ofMillis(500)))
            .configSyncInterval(CONFIG_SYNC)
            .install(steering)
            .build();
        SlicesClient slices = SlicesClient.builder().client(client).steering(steering).build();
        CommerceClient commerce = CommerceClient.builder()
            .client(client)
            .journal(journal)
            .readCache(ReadCacheConfig.defaults().withLocalReadTarget(LOCAL_READS))
            .build()) {
      // The fake central takes the stream's chunks too: a canned 202 for everything under /v1/stream.
      central.answerRaw(Integer.MAX_VALUE, 202, "{\"accepted\":true}", "/v1/stream");
      var unused = client.config().syncNow();
      out.printf(Locale.ROOT, "edge plane %s at %s (signing key %s), central at %s; the till follows the plane's "
          + "config (%s)%n", plane.planeId(), plane.uri(), plane.signingKeyId(), central.uri(),
          client.config().current().version());

      // The drop opens when the plane's preset says so.
      CountDownLatch liveDrop = new CountDownLatch(1);
      Subscription opener = client.config().addListener(e -> {
        if (client.config().flag(FLAG, false)) {
          liveDrop.countDown();
        }
      });
      try {
        StringWriter cliOut = new StringWriter();
        StringWriter cliErr = new StringWriter();
        int code = PlaneCommand.execute(new PrintWriter(cliOut, true), new PrintWriter(cliErr, true), "playbook",
            "run", PRESET, "--url", plane.uri().toString(), "--token", token, "--as", "popup-app", "--json");
        if (code != PlaneCommand.OK) {
          throw new IllegalStateException("plane playbook run " + PRESET + " exited " + code + ": " + cliErr);
        }
        JsonNode run = new ObjectMapper().readTree(cliOut.toString());
        JsonNode steps = run.path("steps");
        Instant published = Instant.parse(steps.get(steps.size() - 1).path("publishedAt").asText());
        boolean arrived = liveDrop.await(CONFIG_SYNC.toMillis() * 10, TimeUnit.MILLISECONDS);
        Instant applied = client.config().current().appliedAt();
        Duration reached = applied == null ? Duration.ZERO : Duration.between(published, applied);
        out.printf(Locale.ROOT, "preset %s run by `plane playbook run` (run %s, %d steps): %s; the till applied "
                + "config %s %d ms after the plane published it (sync every %d ms): %s=%s, PAYMENT deadline %d ms, "
                + "READ deadline %d ms%n", PRESET, run.path("id").asText(), steps.size(), run.path("result").asText(),
            client.config().current().version(), reached.toMillis(), CONFIG_SYNC.toMillis(), FLAG, arrived,
            client.policy(Intent.PAYMENT).deadline().toMillis(), client.policy(Intent.READ).deadline().toMillis());
        if (!arrived) {
          throw new IllegalStateException("the preset's flag did not reach the till within 10 config syncs");
        }
        Traffic traffic = new Traffic(client, commerce);
        // The first buy flow as the drop opens; then the probe keeps the period the preset gave it.
        var unusedFirstFlow = commerce.probes().runOnce(); // counted in the summary
        commerce.probes().start();
        traffic.run(length);
        commerce.probes().stop();
        CommerceSummary summary = commerce.summary();
        SlicesSnapshot snapshot = slices.snapshot();
        Result result = new Result(code, run.path("result").asText(), steps.size(),
            client.config().current().version(), reached, client.config().flag(FLAG, false),
            client.policy(Intent.PAYMENT).deadline(), client.policy(Intent.READ).deadline(),
            commerce.probes().config().interval(), summary,
            traffic.chunks.sum(), traffic.chunksAccepted.sum(), snapshot);
        print(out, result, length);
        return result;
      } finally {
        opener.close();
      }
    } finally {
      Files.deleteIfExists(journal);
    }
  }

  private static void print(PrintStream out, Result r, Duration length) {
    CommerceSummary c = r.commerce();
    out.printf(Locale.ROOT, "the drop ran %.0f s (%.0f min of show time): %d checkouts paid, %d failed, %d unknown; "
            + "synthetic buy flow at the opening, then every %d s (the preset's probe period): %d passed, %d failed%n",
        length.toMillis() / 1000.0, length.toMillis() * TIME_SCALE / 60_000.0, c.checkouts().paid(),
        c.checkouts().failed(), c.checkouts().unknown(), r.buyFlowPeriod().toSeconds(), c.probes().passed(),
        c.probes().failed());
    out.printf(Locale.ROOT, "catalog reads: %d, %.1f %% answered on the device (local-read weight %.0f %%: %s)%n",
        c.cache().reads(), c.cache().localShare() * 100, LOCAL_READS * 100, c.cache().targetMet() ? "met" : "not met");
    out.printf(Locale.ROOT, "slices: checkout (127.0.0.2) carried %d attempts, streaming (127.0.0.3) %d: %d stream "
            + "chunks sent, %d accepted by central through the plane%n", r.sliceAttempts(CHECKOUT),
        r.sliceAttempts(STREAMING), r.streamChunks(), r.streamChunksAccepted());
  }

  /** Shoppers browsing and buying, and the creator's stream, for a while. */
  private static final class Traffic {
    private final MicroEventClient client;
    private final CommerceClient commerce;
    final LongAdder chunks = new LongAdder();
    final LongAdder chunksAccepted = new LongAdder();

    Traffic(MicroEventClient client, CommerceClient commerce) {
      this.client = client;
      this.commerce = commerce;
    }

    void run(Duration length) throws InterruptedException {
      ExecutorService workers = Executors.newFixedThreadPool(6);
      ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
      try {
        // Four shoppers look at an item every 100 ms and buy about once a second.
        for (int s = 0; s < 4; s++) {
          Random random = new Random(s);
          var unused = pacer.scheduleAtFixedRate(() -> workers.execute(() -> browseAndMaybeBuy(random)), s * 20L, 100,
              TimeUnit.MILLISECONDS);
        }
        // The creator's stream: a 4 KiB chunk every 50 ms.
        var unused = pacer.scheduleAtFixedRate(() -> workers.execute(this::streamChunk), 5, 50, TimeUnit.MILLISECONDS);
        if (pacer.awaitTermination(length.toMillis(), TimeUnit.MILLISECONDS)) {
          throw new IllegalStateException("the pacer stopped early");
        }
      } finally {
        pacer.shutdownNow();
        workers.shutdown();
        if (!workers.awaitTermination(30, TimeUnit.SECONDS)) {
          workers.shutdownNow();
        }
      }
    }

    private void streamChunk() {
      chunks.increment();
      try {
        client.call(Intent.STREAM_UPLINK, EdgeRequest.builder("POST", "/v1/stream/chunks")
            .body(new byte[4096], "application/octet-stream").build());
        chunksAccepted.increment();
      } catch (SdkException e) {
        // counted as sent, not accepted
      }
    }

    private void browseAndMaybeBuy(Random random) {
      try {
        Sku sku = DROP.get(random.nextInt(DROP.size()));
        commerce.catalog().product(sku);
        commerce.catalog().inventory(sku);
        if (random.nextInt(10) != 0) {
          return;
        }
        CartId cart = CartId.random(random);
        commerce.carts().open(cart);
        Cart c = commerce.carts().setQuantity(cart, sku, 1);
        var unused = commerce.checkout().submit(CheckoutRequest.builder()
            .cart(cart).total(c.total()).payment(PaymentToken.of("tok_visa_" + random.nextInt(1000))).build());
      } catch (SdkException e) {
        // a read or a cart call failed: the shopper tries again
      }
    }
  }
}
