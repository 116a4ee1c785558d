package dev.microevent.commerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.microevent.core.MicroEventClient;
import dev.microevent.core.config.ConfigEvent;
import dev.microevent.core.config.SyncResult;
import dev.microevent.core.time.VirtualTime;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The plane steers the read cache and the synthetic probe through the {@code cache} and {@code
 * probes} sections of its config document (the playbook actions "set local-read weight" and "set
 * probe period"), on virtual time, against a loopback backend whose edge plane serves the document.
 */
class PlaneSteeringIT {
  private static final String HOODIE_PATH = "/commerce/v1/products/HOODIE-1";
  private final VirtualTime time = VirtualTime.startingAt(Instant.parse("2026-06-01T18:00:00Z"));
  private final Loopback net = new Loopback();
  // Config is pulled only on syncNow(), so each test says when a document arrives.
  private final MicroEventClient core = net.core(b -> b.clock(time.clock()).scheduler(time.scheduler())
      .configSyncInterval(Duration.ZERO));
  /** The builder's read cache: the local-read weight off, so only the plane can turn it on. */
  private final ReadCacheConfig builderCache = ReadCacheConfig.defaults().withLocalReadTarget(0);
  /** The builder's probe: every 10 minutes, without jitter, so runs can be counted. */
  private final ProbeConfig builderProbe = ProbeConfig.defaults().withInterval(Duration.ofMinutes(10)).withJitter(0);
  private final List<ConfigEvent> events = new CopyOnWriteArrayList<>();
  private int clients;

  PlaneSteeringIT() {
    core.config().addListener(events::add);
  }

  @AfterEach
  void close() throws Exception {
    net.close();
  }

  /** A commerce client over the core client, with the builder settings above and its own journal. */
  private CommerceClient commerce() {
    return net.track(net.commerceBuilder(core).journal(net.dir.resolve("checkouts-" + clients++ + ".db"))
        .readCache(builderCache).probe(builderProbe).random(new Random(7)).build());
  }

  private SyncResult publish(String document) {
    net.edge.configDocument(document);
    return core.config().syncNow();
  }

  private void readHoodie(CommerceClient commerce) {
    assertThat(commerce.catalog().product(Sku.of("HOODIE-1")).name()).isEqualTo("Drop hoodie");
  }

  /** Reads a copy that is 5 s stale (max-age 10 s, read 15 s after it was loaded). */
  private void readHoodieFiveSecondsStale(CommerceClient commerce) {
    time.advance(Duration.ofSeconds(15));
    readHoodie(commerce);
  }

  @Test
  void aLocalReadTargetFromThePlane_answersAStaleCopyLocally_thatTheBuildersWeightSentToTheBackend() {
    CommerceClient commerce = commerce();
    net.backend.productCacheControl("max-age=10");
    readHoodie(commerce);
    readHoodieFiveSecondsStale(commerce);
    assertThat(net.loads(HOODIE_PATH)).as("with the builder's weight 0 a stale copy goes to the backend").isEqualTo(2);

    assertThat(publish("{\"version\":\"v1\",\"cache\":{\"localReadTarget\":0.7}}")).isEqualTo(SyncResult.APPLIED);

    assertThat(commerce.cache().config()).isEqualTo(builderCache.withLocalReadTarget(0.7));
    readHoodieFiveSecondsStale(commerce);
    assertThat(net.loads(HOODIE_PATH)).as("answered locally under the plane's weight").isEqualTo(2);
    assertThat(commerce.cache().stats().steered()).isEqualTo(1);
    assertThat(commerce.cache().stats().localReadTarget()).isEqualTo(0.7);
  }

  @Test
  void everyCacheMember_isAppliedOverTheBuildersConfig() {
    CommerceClient commerce = commerce();

    publish("{\"version\":\"v1\",\"cache\":{\"localReadTarget\":0.9,\"maxStalenessMs\":120000,"
        + "\"steeredRefreshMs\":2500}}");

    assertThat(commerce.cache().config()).isEqualTo(builderCache.toBuilder().localReadTarget(0.9)
        .maxStaleness(Duration.ofMinutes(2)).steeredRefreshInterval(Duration.ofMillis(2500)).build());
  }

  @Test
  void aProbeAtTenMinutes_movesToThirtySecondsWithinOneSync_andRunsAtTheNewPeriod() {
    CommerceClient commerce = commerce();
    List<ProbeResult> runs = new CopyOnWriteArrayList<>();
    commerce.probes().addListener(runs::add);
    commerce.probes().start();
    time.advance(Duration.ofMinutes(2));
    assertThat(runs).isEmpty();

    assertThat(publish("{\"version\":\"v1\",\"probes\":{\"intervalMs\":30000}}")).isEqualTo(SyncResult.APPLIED);
    time.advance(Duration.ofMinutes(5));

    assertThat(commerce.probes().config()).isEqualTo(builderProbe.withInterval(Duration.ofSeconds(30)));
    // 30 s after the last wait began (2 min ago): due at once, then every 30 s, not 8 minutes on
    assertThat(runs).hasSizeBetween(10, 11);
    assertThat(runs.get(0).startedAt()).isEqualTo(Instant.parse("2026-06-01T18:02:00Z"));
    assertThat(gaps(runs)).allSatisfy(g -> assertThat(g).isBetween(Duration.ofSeconds(30), Duration.ofSeconds(31)));
  }

  @Test
  void aLongerPeriodFromThePlane_postponesTheRunThatWasDue() {
    CommerceClient commerce = commerce();
    List<ProbeResult> runs = new CopyOnWriteArrayList<>();
    commerce.probes().addListener(runs::add);
    commerce.probes().start();

    publish("{\"version\":\"v1\",\"probes\":{\"intervalMs\":3600000,\"jitter\":0}}");
    time.advance(Duration.ofMinutes(59));

    assertThat(runs).as("the run due at 10 minutes waits for the hour").isEmpty();
    time.advance(Duration.ofMinutes(1));
    assertThat(runs).hasSize(1);
  }

  private static List<Duration> gaps(List<ProbeResult> runs) {
    List<Duration> gaps = new ArrayList<>();
    for (int i = 1; i < runs.size(); i++) {
      gaps.add(Duration.between(runs.get(i - 1).startedAt(), runs.get(i).startedAt()));
    }
    return gaps;
  }

  @Test
  void aBadMember_rejectsTheWholeDocument_andTheValuesInEffectStay() {
    CommerceClient commerce = commerce();
    publish("{\"version\":\"v1\",\"cache\":{\"localReadTarget\":0.7},\"probes\":{\"intervalMs\":30000},"
        + "\"flags\":{\"x\":false}}");
    ReadCacheConfig cache = commerce.cache().config();
    ProbeConfig probe = commerce.probes().config();

    SyncResult r = publish("{\"version\":\"v2\",\"cache\":{\"localReadTarget\":0.5,\"maxStalenessMs\":-1},"
        + "\"probes\":{\"intervalMs\":60000,\"jitter\":0.7},\"flags\":{\"x\":true}}");

    assertThat(r).isEqualTo(SyncResult.REJECTED);
    assertThat(events.get(events.size() - 1).problems())
        .anySatisfy(p -> assertThat(p).startsWith("$.cache.maxStalenessMs: "))
        .anySatisfy(p -> assertThat(p).startsWith("$.probes.jitter: "))
        .hasSize(2);
    assertThat(core.config().current().version()).isEqualTo("v1");
    assertThat(core.config().flag("x", true)).isFalse();
    assertThat(commerce.cache().config()).isEqualTo(cache).isEqualTo(builderCache.withLocalReadTarget(0.7));
    assertThat(commerce.probes().config()).isEqualTo(probe).isEqualTo(builderProbe.withInterval(Duration.ofSeconds(30)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      {"cache":{"localReadTarget":"0.7"}}                              | $.cache.localReadTarget
      {"cache":{"localReadTarget":1.5}}                                | $.cache.localReadTarget
      {"cache":{"localReadTarget":-0.1}}                               | $.cache.localReadTarget
      {"cache":{"localReadTarget":null}}                               | $.cache.localReadTarget
      {"cache":{"localReadTarget":[0.7]}}                              | $.cache.localReadTarget
      {"cache":{"localReadTarget":{"value":0.7}}}                      | $.cache.localReadTarget
      {"cache":{"maxStalenessMs":1.5}}                                 | $.cache.maxStalenessMs
      {"cache":{"maxStalenessMs":86400001}}                            | $.cache.maxStalenessMs
      {"cache":{"maxStalenessMs":123456789012345678901234567890}}      | $.cache.maxStalenessMs
      {"cache":{"steeredRefreshMs":99}}                                | $.cache.steeredRefreshMs
      {"cache":{"steeredRefreshMs":true}}                              | $.cache.steeredRefreshMs
      {"cache":{"weight":0.7}}                                         | $.cache.weight
      {"cache":0.7}                                                    | $.cache
      {"cache":[]}                                                     | $.cache
      {"probes":{"intervalMs":999}}                                    | $.probes.intervalMs
      {"probes":{"intervalMs":3600001}}                                | $.probes.intervalMs
      {"probes":{"intervalMs":-9223372036854775808}}                   | $.probes.intervalMs
      {"probes":{"jitter":0.51}}                                       | $.probes.jitter
      {"probes":{"jitter":"NaN"}}                                      | $.probes.jitter
      {"probes":{"period":30000}}                                      | $.probes.period
      """)
  void aMalformedMember_isAProblemNamedWithItsMember_andNothingChanges(String sections, String member) {
    CommerceClient commerce = commerce();

    SyncResult r = publish("{\"version\":\"v1\"," + sections.substring(1));

    assertThat(r).isEqualTo(SyncResult.REJECTED);
    assertThat(events.get(events.size() - 1).problems()).singleElement()
        .satisfies(p -> assertThat(p).startsWith(member + ": "));
    assertThat(commerce.cache().config()).isEqualTo(builderCache);
    assertThat(commerce.probes().config()).isEqualTo(builderProbe);
  }

  @Test
  void aDocumentWithoutTheSections_putsTheBuildersValuesBack() {
    CommerceClient commerce = commerce();
    net.backend.productCacheControl("max-age=10");
    readHoodie(commerce);
    List<ProbeResult> runs = new CopyOnWriteArrayList<>();
    commerce.probes().addListener(runs::add);
    commerce.probes().start();
    publish("{\"version\":\"v1\",\"cache\":{\"localReadTarget\":0.7},\"probes\":{\"intervalMs\":30000}}");
    readHoodieFiveSecondsStale(commerce);
    assertThat(net.loads(HOODIE_PATH)).isEqualTo(1);

    assertThat(publish("{\"version\":\"v2\",\"flags\":{\"x\":true}}")).isEqualTo(SyncResult.APPLIED);

    assertThat(commerce.cache().config()).isEqualTo(builderCache);
    assertThat(commerce.probes().config()).isEqualTo(builderProbe);
    readHoodieFiveSecondsStale(commerce);
    assertThat(net.loads(HOODIE_PATH)).as("the builder's weight 0 sends a stale copy to the backend").isEqualTo(2);
    int before = runs.size();
    time.advance(Duration.ofMinutes(9));
    assertThat(runs).as("back to every 10 minutes").hasSize(before);
    time.advance(Duration.ofMinutes(1));
    assertThat(runs).hasSize(before + 1);
  }

  @Test
  void aCommerceClientBuiltAfterTheDocumentCame_getsItsSectionsAtOnce() {
    publish("{\"version\":\"v1\",\"cache\":{\"localReadTarget\":0.6},\"probes\":{\"intervalMs\":45000,"
        + "\"jitter\":0.1}}");

    CommerceClient first = commerce();
    CommerceClient second = commerce();

    for (CommerceClient c : List.of(first, second)) {
      assertThat(c.cache().config()).isEqualTo(builderCache.withLocalReadTarget(0.6));
      assertThat(c.probes().config()).isEqualTo(builderProbe.toBuilder().interval(Duration.ofSeconds(45)).jitter(0.1)
          .build());
    }
  }

  @Test
  void aClosedCommerceClient_isNoLongerSteered_andTheOthersOnTheCoreStillAre() {
    CommerceClient first = commerce();
    CommerceClient second = commerce();
    first.close();

    publish("{\"version\":\"v1\",\"cache\":{\"localReadTarget\":0.6}}");

    assertThat(first.cache().config()).isEqualTo(builderCache);
    assertThat(second.cache().config()).isEqualTo(builderCache.withLocalReadTarget(0.6));
  }

  @Test
  void twoCoreClientsInOneJvm_areEachSteeredByTheirOwnDocument_only() throws Exception {
    try (Loopback otherNet = new Loopback()) {
      MicroEventClient other = otherNet.core(b -> b.clock(time.clock()).scheduler(time.scheduler())
          .configSyncInterval(Duration.ZERO));
      CommerceClient mine = commerce();
      CommerceClient theirs = otherNet.track(otherNet.commerceBuilder(other).readCache(builderCache)
          .probe(builderProbe).build());

      publish("{\"version\":\"v1\",\"cache\":{\"localReadTarget\":0.6}}");
      otherNet.edge.configDocument("{\"version\":\"o1\",\"cache\":{\"localReadTarget\":0.3},"
          + "\"probes\":{\"intervalMs\":45000}}");
      assertThat(other.config().syncNow()).isEqualTo(SyncResult.APPLIED);

      assertThat(mine.cache().config()).isEqualTo(builderCache.withLocalReadTarget(0.6));
      assertThat(mine.probes().config()).isEqualTo(builderProbe);
      assertThat(theirs.cache().config()).isEqualTo(builderCache.withLocalReadTarget(0.3));
      assertThat(theirs.probes().config().interval()).isEqualTo(Duration.ofSeconds(45));

      other.close();
      publish("{\"version\":\"v2\",\"cache\":{\"localReadTarget\":0.5}}");
      assertThat(mine.cache().config()).as("still steered after the other core client closed")
          .isEqualTo(builderCache.withLocalReadTarget(0.5));
      assertThat(theirs.cache().config()).isEqualTo(builderCache.withLocalReadTarget(0.3));
    }
  }

  @ParameterizedTest(name = "closed first: {0}")
  @ValueSource(booleans = {true, false})
  void aSteeredCoreClientTheAppDrops_isLeftToTheGarbageCollector_closedOrNot(boolean closeFirst) {
    WeakReference<MicroEventClient> dropped = steeredAndDropped(closeFirst);

    await("nothing static keeps the core client").atMost(Duration.ofSeconds(20)).until(() -> {
      System.gc();
      return dropped.get() == null;
    });
  }

  /**
   * A core client on a virtual time of its own (no thread of its own either), with a commerce
   * client over it that the plane steered; nothing of either is left in a local or a field.
   */
  private WeakReference<MicroEventClient> steeredAndDropped(boolean closeFirst) {
    VirtualTime own = VirtualTime.startingAt(Instant.parse("2026-06-01T18:00:00Z"));
    MicroEventClient dropped = net.coreBuilder(true).clock(own.clock()).scheduler(own.scheduler())
        .configSyncInterval(Duration.ZERO).build();
    CommerceClient commerce = net.commerceBuilder(dropped).journal(net.dir.resolve("dropped.db"))
        .readCache(builderCache).build();
    net.edge.configDocument("{\"version\":\"d1\",\"cache\":{\"localReadTarget\":0.6}}");
    assertThat(dropped.config().syncNow()).isEqualTo(SyncResult.APPLIED);
    assertThat(commerce.cache().config()).isEqualTo(builderCache.withLocalReadTarget(0.6));
    if (closeFirst) {
      commerce.close();
      dropped.close();
    }
    return new WeakReference<>(dropped);
  }
}
