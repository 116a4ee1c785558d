package dev.microevent.plane.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.microevent.core.time.VirtualTime;
import dev.microevent.plane.LocalProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RedisStore}'s alerts and claims on a real redis-server: the store contract, and what the
 * store does with bytes it did not write (another version's, or a hand with access to the Redis):
 * a typed {@link StoreException}, never a parser's or Lettuce's exception.
 */
class RedisStoreIT extends StateStoreAlertsContract {
  @TempDir
  static Path dir;

  private static LocalProcess redis;
  private static RedisClient rawClient;
  private static StatefulRedisConnection<String, byte[]> raw;
  private static int venues;

  private final List<RedisStore> opened = new ArrayList<>();
  private final VirtualTime time = VirtualTime.startingAt(Instant.parse("2026-12-07T05:00:00Z"));
  private String prefix = "";

  @BeforeAll
  static void server() {
    redis = LocalProcess.redis(dir);
    rawClient = RedisClient.create("redis://127.0.0.1:" + redis.port() + "/0");
    raw = rawClient.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
  }

  @AfterAll
  static void stopServer() {
    raw.close();
    rawClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    redis.close();
  }

  @AfterEach
  void close() {
    opened.forEach(RedisStore::close);
  }

  @Override
  StateStore store() {
    venues++;
    String venue = "contract-" + venues;
    prefix = "microevent:plane:" + venue + ":";
    RedisStore s = RedisStore.connect(URI.create("redis://127.0.0.1:" + redis.port() + "/0"), venue);
    opened.add(s);
    return s;
  }

  /** Waits for a short claim to lapse; a long one (a run's lease) is checked to lapse in time, then made to at once. */
  @Override
  void lapse(String key, Duration ttl) {
    if (ttl.compareTo(Duration.ofSeconds(5)) > 0) {
      assertThat(redis().pttl(prefix + "claim:" + key)).as("the claim lapses within %s", ttl)
          .isBetween(1L, ttl.toMillis());
      redis().pexpire(prefix + "claim:" + key, 1);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> redis().exists(prefix + "claim:" + key) == 0);
  }

  @Override
  VirtualTime time() {
    return time;
  }

  private static RedisCommands<String, byte[]> redis() {
    return raw.sync();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void storedAlertsThatAreNotJsonObjects_areATypedStoreError() {
    StateStore s = store();
    s.recordAlert("good", PlaneJson.MAPPER.createObjectNode().put("id", "good"));
    for (byte[] hostile : List.of(bytes("{\"id\":"), bytes("[1,2,3]"), bytes("\"just text\""), bytes("null"),
        new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1}, bytes("{\"a\":1,\"a\":2}"), bytes("[".repeat(10_000)), new byte[0])) {
      redis().hset(prefix + "alerts", "good", hostile);
      assertThatThrownBy(() -> s.alerts(10)).isInstanceOf(StoreException.class).hasMessageContaining("stored alert");
      assertThatThrownBy(() -> s.alert("good")).isInstanceOf(StoreException.class).hasMessageContaining("stored alert");
    }
  }

  @Test
  void keysOfTheWrongType_whereAlertsAndClaimsLive_areATypedStoreError() {
    StateStore s = store();
    redis().set(prefix + "alerts", bytes("not a hash"));
    redis().set(prefix + "alerts:recent", bytes("not a list"));
    redis().hset(prefix + "claim:runbook:p:read:PAGE", "not", bytes("a string"));
    assertThatThrownBy(() -> s.recordAlert("a", PlaneJson.MAPPER.createObjectNode())).isInstanceOf(StoreException.class);
    assertThatThrownBy(() -> s.alerts(10)).isInstanceOf(StoreException.class);
    assertThatThrownBy(() -> s.alert("a")).isInstanceOf(StoreException.class);
    assertThatThrownBy(() -> s.claim("runbook:p:read:PAGE", "h", Duration.ofMinutes(1)))
        .isInstanceOf(StoreException.class);
    assertThatThrownBy(() -> s.release("runbook:p:read:PAGE", "h")).isInstanceOf(StoreException.class);
  }

  @Test
  void aClaimHeldByBytesThatAreNotText_isReportedAsHeld_notAnError() {
    StateStore s = store();
    redis().set(prefix + "claim:runbook:p:read:PAGE", new byte[] {(byte) 0xff, 0, (byte) 0xc3});
    assertThat(s.claim("runbook:p:read:PAGE", "hub-a 1 2", Duration.ofMinutes(1))).hasValueSatisfying(
        holder -> assertThat(holder).isNotEmpty());
  }

  @Test
  void aStoppedRedis_isATypedStoreError_forEveryNewMethod() {
    StateStore s = store();
    LocalProcess other = LocalProcess.redis(dir);
    RedisStore gone = RedisStore.connect(URI.create("redis://127.0.0.1:" + other.port() + "/0"), "gone");
    opened.add(gone);
    other.kill();
    assertThatThrownBy(() -> gone.alerts(10)).isInstanceOf(StoreException.class);
    assertThatThrownBy(() -> gone.claim("k", "h", Duration.ofMinutes(1))).isInstanceOf(StoreException.class);
    assertThat(s.alerts(10)).isEmpty();
  }
}
