package dev.microevent.commerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microevent.commerce.shield.AdmissionToken;
import dev.microevent.commerce.shield.AdmissionVerdict;
import dev.microevent.commerce.shield.BotShield;
import dev.microevent.commerce.shield.BotShieldConfig;
import dev.microevent.commerce.shield.ClientKey;
import dev.microevent.commerce.shield.DropQueue;
import dev.microevent.commerce.shield.PowVerdict;
import dev.microevent.commerce.shield.RateDecision;
import dev.microevent.commerce.shield.RateRule;
import dev.microevent.commerce.shield.ShieldStore;
import dev.microevent.core.MicroEventClient;
import dev.microevent.core.Plane;
import dev.microevent.core.SdkClientException;
import dev.microevent.core.time.VirtualTime;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two app instances share bot-shield limits and single-use marks through a real Redis. */
class RedisShieldStoreIT {
  private static final byte[] KEY = "shared-key-for-every-app-instance".getBytes(StandardCharsets.US_ASCII);
  private static RedisServer redis;
  private final VirtualTime time = VirtualTime.startingAt(Instant.parse("2026-06-01T18:00:00Z"));
  private final List<AutoCloseable> opened = new ArrayList<>();

  @BeforeAll
  static void startRedis() {
    redis = new RedisServer();
  }

  @AfterAll
  static void stopRedis() throws Exception {
    redis.close();
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : opened) {
      c.close();
    }
  }

  /** One app instance: its own core client, commerce client and Redis connection. */
  private BotShield instance(String namespace) {
    MicroEventClient core = MicroEventClient.builder()
        .centralPlane(Plane.central(URI.create("http://127.0.0.1:9")))
        .healthChecksEnabled(false)
        .clock(time.clock())
        .scheduler(time.scheduler())
        .build();
    ShieldStore store = ShieldStore.redis(redis.uri());
    CommerceClient commerce = CommerceClient.builder().client(core).botShield(BotShieldConfig.builder()
        .hmacKey(KEY)
        .namespace(namespace)
        .store(store)
        .perClient(RateRule.of(4, Duration.ofSeconds(10)))
        .global(RateRule.of(10, Duration.ofSeconds(1)))
        .powMaxNumber(2_000)
        .build()).build();
    opened.add(0, core);
    opened.add(0, store);
    opened.add(0, commerce);
    return commerce.botShield();
  }

  @Test
  void sharesTheClientLimit_betweenTwoInstances() {
    BotShield a = instance("ns-client");
    BotShield b = instance("ns-client");
    ClientKey alice = ClientKey.of("alice");

    assertThat(a.tryAcquire(alice).allowed()).isTrue();
    assertThat(b.tryAcquire(alice).allowed()).isTrue();
    assertThat(a.tryAcquire(alice).allowed()).isTrue();
    assertThat(b.tryAcquire(alice).allowed()).isTrue();
    RateDecision refused = a.tryAcquire(alice);

    assertThat(refused.allowed()).isFalse();
    assertThat(refused.limitedBy()).isEqualTo(RateDecision.Scope.CLIENT);
    assertThat(b.tryAcquire(alice).allowed()).isFalse();
    assertThat(refused.retryAfter()).isBetween(Duration.ofMillis(2000), Duration.ofMillis(2500));
    time.advance(Duration.ofMillis(2500));
    assertThat(b.tryAcquire(alice).allowed()).isTrue();
  }

  @Test
  void sharesTheGlobalLimit_underConcurrentLoadFromTwoInstances() throws Exception {
    BotShield a = instance("ns-global");
    BotShield b = instance("ns-global");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<RateDecision>> decisions = new ArrayList<>();
    try {
      for (int i = 0; i < 40; i++) {
        BotShield via = i % 2 == 0 ? a : b;
        ClientKey client = ClientKey.of("fan-" + i);
        decisions.add(pool.submit(() -> via.tryAcquire(client)));
      }
      long allowed = 0;
      for (Future<RateDecision> d : decisions) {
        RateDecision r = d.get();
        if (r.allowed()) {
          allowed++;
        } else {
          assertThat(r.limitedBy()).isEqualTo(RateDecision.Scope.GLOBAL);
        }
      }
      assertThat(allowed).as("exactly the global burst, across both instances").isEqualTo(10);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void refusesAReplayedSolution_onTheOtherInstance() {
    BotShield a = instance("ns-pow");
    BotShield b = instance("ns-pow");
    String solution = a.issueChallenge().solve();

    assertThat(b.verifySolution(solution)).isEqualTo(PowVerdict.VALID);
    assertThat(a.verifySolution(solution)).isEqualTo(PowVerdict.REPLAYED);
  }

  @Test
  void usesAnAdmissionTokenOnce_acrossInstances() {
    BotShield host = instance("ns-queue");
    BotShield entry = instance("ns-queue");
    ClientKey alice = ClientKey.of("alice");
    DropQueue q = host.queue(DropId.of("drop-7"));
    q.join(alice);
    q.open();
    AdmissionToken t = q.admit(1).get(0);

    assertThat(entry.queue(DropId.of("drop-7")).verify(t.value(), alice)).isEqualTo(AdmissionVerdict.VALID);
    assertThat(q.verify(t.value(), alice)).isEqualTo(AdmissionVerdict.ALREADY_USED);
  }

  @Test
  void acceptsTheFirstTokenOfEachInstance_thoughBothAreNumberedOne() {
    BotShield north = instance("ns-gates");
    BotShield south = instance("ns-gates");
    ClientKey alice = ClientKey.of("alice");
    ClientKey bob = ClientKey.of("bob");
    AdmissionToken a = admitFirst(north.queue(DropId.of("drop-8")), alice);
    AdmissionToken b = admitFirst(south.queue(DropId.of("drop-8")), bob);
    assertThat(a.sequence()).isEqualTo(b.sequence());

    DropQueue entry = north.queue(DropId.of("drop-8"));
    assertThat(entry.verify(a.value(), alice)).isEqualTo(AdmissionVerdict.VALID);
    assertThat(entry.verify(b.value(), bob)).isEqualTo(AdmissionVerdict.VALID);
    assertThat(entry.verify(b.value(), bob)).isEqualTo(AdmissionVerdict.ALREADY_USED);
  }

  private static AdmissionToken admitFirst(DropQueue q, ClientKey client) {
    q.join(client);
    q.open();
    return q.admit(1).get(0);
  }

  @Test
  void failsWithAClearError_whenRedisCannotBeReached() {
    assertThatThrownBy(() -> ShieldStore.redis(URI.create("redis://127.0.0.1:9/0")))
        .isInstanceOf(SdkClientException.class)
        .hasMessageContaining("cannot connect the bot shield store to redis at 127.0.0.1:9");
  }
}
