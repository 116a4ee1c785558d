package dev.microevent.plane.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.microevent.plane.telemetry.internal.Batches;
import dev.microevent.plane.telemetry.internal.Otlp;
import dev.microevent.plane.telemetry.internal.S3Bucket;
import dev.microevent.testkit.fault.Fault;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The collector against a real S3-compatible store (s3proxy, filesystem store) and a faulty uplink. */
class CollectorUploadIT {
  private static final String BUCKET = "venue-telemetry";
  private static final Instant T0 = Instant.parse("2026-12-06T14:05:00Z");
  private static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);

  @TempDir Path tmp;
  private S3ProxyServer s3;
  private S3FaultProxy uplink;
  private S3Bucket direct;
  private final TestSpans spans = new TestSpans(16);

  @BeforeEach
  void start() throws Exception {
    s3 = S3ProxyServer.start(tmp.resolve("store"), BUCKET);
    uplink = new S3FaultProxy(s3.uri());
    direct = s3.bucket(BUCKET);
  }

  @AfterEach
  void stop() throws Exception {
    direct.close();
    uplink.close();
    s3.close();
  }

  private TelemetryCollector.Builder collector(ObjectStore store) {
    return TelemetryCollector.builder().venue("arena-north").collectorId("edge-1").store(store)
        .spoolDirectory(tmp.resolve("spool")).batchMaxSpans(100).flushInterval(Duration.ZERO)
        .sampling(SamplingPolicy.keepAll()).clock(CLOCK);
  }

  private List<Span> send(TelemetryCollector c, int n) {
    List<Span> sent = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Span s = spans.ok("payment", T0.plusMillis(i), 20 + i % 50);
      c.record(s);
      sent.add(s);
    }
    return sent;
  }

  /** Every span id in the stored batches; fails on a span stored twice. */
  private Set<String> storedSpanIds() {
    Set<String> ids = new HashSet<>();
    for (S3Object o : direct.list("arena-north/")) {
      JsonNode doc = Batches.read(direct.get(o.key()), o.key());
      Otlp.forEachSpan(doc.path("resourceSpans"), n -> assertThat(ids.add(n.path("spanId").asText()))
          .as("span %s stored once", n.path("spanId").asText()).isTrue());
    }
    return ids;
  }

  private static Set<String> ids(List<Span> sent) {
    Set<String> ids = new HashSet<>();
    sent.forEach(s -> ids.add(s.spanId()));
    return ids;
  }

  @Test
  void uploadsBatchesKeyedByVenueDateHourCollectorSequence_listableByHour() {
    try (TelemetryCollector c = collector(s3.store(BUCKET).build()).start()) {
      List<Span> sent = send(c, 250);
      CollectorStats stats = c.flush();

      assertThat(stats.batchesUploaded()).isEqualTo(3);
      assertThat(stats.spooledBatches()).isZero();
      List<S3Object> hour = direct.list(Batches.hourPrefix("arena-north", T0));
      assertThat(hour).extracting(S3Object::key).containsExactly(
          "arena-north/2026-12-06/14/edge-1/0000000000000000.json.gz",
          "arena-north/2026-12-06/14/edge-1/0000000000000001.json.gz",
          "arena-north/2026-12-06/14/edge-1/0000000000000002.json.gz");
      assertThat(direct.list(Batches.hourPrefix("arena-north", T0.plus(Duration.ofHours(1))))).isEmpty();
      assertThat(storedSpanIds()).isEqualTo(ids(sent));
      JsonNode first = Batches.read(direct.get(hour.get(0).key()), "first");
      assertThat(first.path("counts").get(0).path("seen").asLong()).isEqualTo(100);
      assertThat(first.path("resourceSpans").get(0).path("scopeSpans").get(0).path("spans")).hasSize(100);
    }
  }

  @Test
  void retriesThroughASlowAnswerResetsAnd503s_everyBatchStoredOnce() {
    ObjectStore store = S3ProxyServer.store(uplink.uri(), BUCKET).attemptTimeout(Duration.ofSeconds(1)).build();
    try (TelemetryCollector c = collector(store).start()) {
      // slow: the store takes the object, the answer comes after the attempt timeout; the retry replaces it
      uplink.faults().inject(Fault.latency(Duration.ofSeconds(4)).times(1));
      List<Span> sent = send(c, 100);
      assertThat(c.flush().spooledBatches()).isZero();

      uplink.faults().inject(Fault.reset().times(2));
      uplink.faults().inject(Fault.status(503).times(2));
      sent.addAll(send(c, 200));
      await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO)
          .until(() -> c.flush().spooledBatches() == 0);

      assertThat(c.stats().batchesUploaded()).isEqualTo(3);
      assertThat(uplink.faults().hits()).isEqualTo(5);
      assertThat(direct.list("arena-north/")).hasSize(3);
      assertThat(storedSpanIds()).isEqualTo(ids(sent));
    }
  }

  @Test
  void anAnswerLostAfterTheStoreTookTheBatch_retryReplacesTheSameObject() {
    uplink.loseNextAnswers(4);
    ObjectStore store = S3ProxyServer.store(uplink.uri(), BUCKET).maxAttempts(2).build();
    try (TelemetryCollector c = collector(store).start()) {
      List<Span> sent = send(c, 200);
      await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO)
          .until(() -> c.flush().spooledBatches() == 0);

      assertThat(uplink.relayed()).isGreaterThanOrEqualTo(6);
      assertThat(c.stats().uploadFailures()).isPositive();
      assertThat(direct.list("arena-north/")).hasSize(2);
      assertThat(storedSpanIds()).isEqualTo(ids(sent));
    }
  }

  @Test
  void spoolKeepsBatchesThroughAnOutageAndARestart_drainsWhenTheUplinkReturns() {
    ObjectStore store = S3ProxyServer.store(uplink.uri(), BUCKET).maxAttempts(1).build();
    uplink.down();
    List<Span> sent = new ArrayList<>();
    try (TelemetryCollector c = collector(store).start()) {
      sent.addAll(send(c, 250));
      CollectorStats during = c.flush();
      assertThat(during.spooledBatches()).isEqualTo(3);
      assertThat(during.uploadFailures()).isPositive();
      assertThat(during.lastUploadError()).contains("could not be reached").doesNotContain(S3ProxyServer.SECRET);
    }
    assertThat(direct.list("arena-north/")).isEmpty();

    uplink.up();
    try (TelemetryCollector again = collector(store).start()) {
      sent.addAll(send(again, 50));
      CollectorStats after = again.flush();

      assertThat(after.spooledBatches()).isZero();
      assertThat(after.batchesUploaded()).isEqualTo(4);
      assertThat(after.lastUploadError()).isEmpty();
    }
    assertThat(direct.list("arena-north/")).extracting(S3Object::key).extracting(k -> k.substring(k.length() - 24))
        .containsExactly("0000000000000000.json.gz", "0000000000000001.json.gz", "0000000000000002.json.gz",
            "0000000000000003.json.gz");
    assertThat(storedSpanIds()).isEqualTo(ids(sent));
  }

  @Test
  void aFullSpoolDropsTheOldestBatchesFirst_countedAndReported() {
    ObjectStore store = S3ProxyServer.store(uplink.uri(), BUCKET).maxAttempts(1).build();
    uplink.down();
    try (TelemetryCollector c = collector(store).spoolMaxBatches(3).start()) {
      List<Span> sent = send(c, 500);
      CollectorStats during = c.flush();
      assertThat(during.spooledBatches()).isEqualTo(3);
      assertThat(during.batchesDropped()).isEqualTo(2);
      assertThat(during.spansDropped()).isEqualTo(200);

      uplink.up();
      CollectorStats after = c.flush();
      assertThat(after.batchesUploaded()).isEqualTo(3);
      assertThat(direct.list("arena-north/")).extracting(S3Object::key).extracting(k -> k.substring(k.length() - 10))
          .containsExactly("02.json.gz", "03.json.gz", "04.json.gz");
      assertThat(storedSpanIds()).isEqualTo(ids(sent.subList(200, 500)));
    }
  }
}
