package dev.microevent.testkit.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microevent.core.EdgeRequest;
import dev.microevent.core.Intent;
import dev.microevent.core.MicroEventClient;
import dev.microevent.core.Outcome;
import dev.microevent.testkit.FakeEdgePlane;
import dev.microevent.testkit.ReceivedRequest;
import dev.microevent.testkit.load.LoadGenerator;
import dev.microevent.testkit.load.LoadReport;
import dev.microevent.testkit.load.LoadTarget;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real traffic through a client is recorded to a file, and the file replays the same calls. */
class RecordAndReplayIT {

  private static MicroEventClient client(FakeEdgePlane edge, TrafficRecorder recorder) {
    MicroEventClient.Builder b = MicroEventClient.builder().addEdgePlane(edge.plane()).healthChecksEnabled(false);
    if (recorder != null) {
      b.addCallListener(recorder);
    }
    return b.build();
  }

  @Test
  void recorderCapturesRealCalls_andTheirReplayReachesTheServerAsTheSameCalls(@TempDir Path dir) {
    Path file = dir.resolve("traffic.ndjson");
    TrafficRecorder recorder = new TrafficRecorder();
    try (FakeEdgePlane edge = FakeEdgePlane.start("edge-a"); MicroEventClient client = client(edge, recorder)) {
      client.call(Intent.READ, EdgeRequest.get("/v1/catalog?drop=7"));
      client.call(Intent.PAYMENT, EdgeRequest.builder("POST", "/v1/checkout")
          .body("{\"cart\":\"c-1\",\"total\":1999}", "application/json").build());
      client.call(Intent.TELEMETRY, EdgeRequest.builder("POST", "/v1/events").body("{\"e\":1}", "application/json")
          .build());
      recorder.writeTo(file);
    }

    List<TrafficRecord> records = TrafficFile.read(file);
    assertThat(records).extracting(TrafficRecord::path)
        .containsExactly("/v1/catalog?drop=7", "/v1/checkout", "/v1/events");
    assertThat(records).extracting(TrafficRecord::intent)
        .containsExactly(Intent.READ, Intent.PAYMENT, Intent.TELEMETRY);
    assertThat(records).extracting(TrafficRecord::bodySize).containsExactly(0, 27, 7);
    assertThat(records).allSatisfy(r -> {
      assertThat(r.outcome()).contains(Outcome.SUCCESS);
      assertThat(r.planeId()).contains("edge-a");
      assertThat(r.status()).isEqualTo(200);
    });
    assertThat(records.get(0).offset()).isEqualTo(Duration.ZERO);

    try (FakeEdgePlane replayEdge = FakeEdgePlane.start("edge-b"); MicroEventClient client = client(replayEdge, null)) {
      LoadReport report = LoadGenerator.builder().target(LoadTarget.of(client)).replay(records, 10).build().run();

      assertThat(report.offered()).isEqualTo(3);
      assertThat(report.succeeded()).isEqualTo(3);
      List<ReceivedRequest> received = replayEdge.appRequests();
      assertThat(received).extracting(ReceivedRequest::target)
          .containsExactlyInAnyOrder("/v1/catalog?drop=7", "/v1/checkout", "/v1/events");
      assertThat(received).extracting(ReceivedRequest::bodySize).containsExactlyInAnyOrder(0, 27, 7);
      assertThat(received.stream().filter(r -> r.path().equals("/v1/checkout")).findFirst().orElseThrow()
          .idempotencyKey()).isPresent();
    }
  }

  @Test
  void replayAtTenTimesSpeedCompressesTheSchedule() {
    List<TrafficRecord> records = List.of(
        TrafficRecord.builder(Duration.ZERO, Intent.READ, "GET", "/a").build(),
        TrafficRecord.builder(Duration.ofMillis(500), Intent.READ, "GET", "/b").build(),
        TrafficRecord.builder(Duration.ofMillis(1000), Intent.READ, "GET", "/c").build(),
        TrafficRecord.builder(Duration.ofMillis(1500), Intent.READ, "GET", "/d").build());
    try (FakeEdgePlane edge = FakeEdgePlane.start("edge-a"); MicroEventClient client = client(edge, null)) {
      LoadGenerator generator = LoadGenerator.builder().target(LoadTarget.of(client)).replay(records, 10).build();

      assertThat(generator.scheduledDuration()).isEqualTo(Duration.ofMillis(151));
      LoadReport report = generator.run();

      assertThat(report.offered()).isEqualTo(4);
      List<ReceivedRequest> received = edge.appRequests();
      // Calls due 50 ms apart go out on different workers: when the generator runs late on a busy
      // machine, two of them are in flight at once and may pass each other (seen: /d before /c),
      // so the order of arrival is not the schedule's. Each call arrives late, never early (the
      // fake stamps arrival with its own clock reading, so allow for skew between readings).
      assertThat(received).extracting(ReceivedRequest::path).containsExactlyInAnyOrder("/a", "/b", "/c", "/d");
      for (TrafficRecord record : records) {
        ReceivedRequest arrival = received.stream().filter(r -> r.path().equals(record.path())).findFirst()
            .orElseThrow();
        assertThat(Duration.between(report.startedAt(), arrival.receivedAt())).as("%s, due at %s / 10",
            record.path(), record.offset()).isGreaterThanOrEqualTo(record.offset().dividedBy(10).minusMillis(50));
      }
    }
  }
}
