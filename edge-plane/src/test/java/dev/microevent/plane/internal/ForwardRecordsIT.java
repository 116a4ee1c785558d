package dev.microevent.plane.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microevent.plane.LocalProcess;
import dev.microevent.plane.internal.Records.ForwardRecord;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both state stores keep keyed forwards per client, as backends scope idempotency keys: the same
 * key of two clients is two records, neither client reads the other's, and a call without a
 * client (the unscoped space) can never name a client's record, whatever its key.
 */
class ForwardRecordsIT {
  @TempDir
  Path dir;

  private @Nullable LocalProcess redis;

  @AfterEach
  void stop() {
    if (redis != null) {
      redis.close();
    }
  }

  private RedisStore redisStore() {
    LocalProcess server = LocalProcess.redis(dir);
    redis = server;
    return RedisStore.connect(URI.create("redis://127.0.0.1:" + server.port() + "/0"), "records-it");
  }

  private static ForwardRecord answer(@Nullable String client, String key, String body) {
    return new ForwardRecord(key, client, "hash-" + body, 201, "application/json",
        body.getBytes(StandardCharsets.UTF_8), "hub", 1L);
  }

  @Test
  void inMemory_theSameKeyOfTwoClientsIsTwoRecords_andNoUnscopedKeyNamesAClientsRecord() {
    try (StateStore store = new MemoryStore()) {
      keepsRecordsPerClient(store);
    }
  }

  @Test
  void inRedis_theSameKeyOfTwoClientsIsTwoRecords_andNoUnscopedKeyNamesAClientsRecord() {
    try (StateStore store = redisStore()) {
      keepsRecordsPerClient(store);
    }
  }

  private static void keepsRecordsPerClient(StateStore store) {
    ForwardRecord tillA = answer("till-a", "k-1", "a");
    ForwardRecord tillB = answer("till-b", "k-1", "b");

    assertThat(store.recordIfAbsent(tillA)).isEqualTo(tillA);
    assertThat(store.recordIfAbsent(tillB)).as("another client's same key is its own record").isEqualTo(tillB);
    assertThat(store.recordIfAbsent(answer("till-a", "k-1", "a-again"))).as("the first record stays").isEqualTo(tillA);

    assertThat(store.record("till-a", "k-1")).contains(tillA);
    assertThat(store.record("till-b", "k-1")).contains(tillB);
    assertThat(store.record(null, "k-1")).as("no client: the unscoped space").isEmpty();
    // Whatever an unscoped key spells, it never reaches a client's record (nor the reverse).
    assertThat(store.record(null, "6:till-ak-1")).isEmpty();
    assertThat(store.record(null, "till-a:k-1")).isEmpty();
    assertThat(store.record("till-", "ak-1")).isEmpty();
    ForwardRecord anonymous = answer(null, "k-1", "anonymous");
    assertThat(store.recordIfAbsent(anonymous)).isEqualTo(anonymous);
    assertThat(store.record(null, "k-1")).contains(anonymous);
    assertThat(store.record("till-a", "k-1")).contains(tillA);
  }
}
