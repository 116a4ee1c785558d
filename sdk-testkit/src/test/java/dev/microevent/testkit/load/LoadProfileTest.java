package dev.microevent.testkit.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microevent.core.EdgeRequest;
import dev.microevent.core.Intent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PrimitiveIterator;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LoadProfileTest {

  private static List<Long> offsets(LoadProfile p) {
    List<Long> out = new ArrayList<>();
    PrimitiveIterator.OfLong it = p.arrivalOffsetsNanos();
    while (it.hasNext()) {
      out.add(it.nextLong());
    }
    return out;
  }

  @Test
  void aConstantRateSpacesArrivalsEvenly() {
    List<Long> offsets = offsets(LoadProfile.constant(100, Duration.ofSeconds(2)));

    assertThat(offsets).hasSize(200);
    assertThat(offsets.get(1) - offsets.get(0)).isEqualTo(10_000_000L);
    assertThat(offsets.get(199)).isEqualTo(1_990_000_000L);
  }

  @Test
  void stepsFollowEachOther_andAPauseHasNoArrivals() {
    LoadProfile p = LoadProfile.builder()
        .step(10, Duration.ofSeconds(1))
        .step(0, Duration.ofSeconds(1))
        .step(20, Duration.ofSeconds(1))
        .build();

    List<Long> offsets = offsets(p);

    assertThat(offsets).hasSize(30);
    assertThat(p.expectedArrivals()).isEqualTo(30);
    assertThat(offsets.get(10)).isEqualTo(2_000_000_000L);
    assertThat(offsets).isSorted();
    assertThat(p.duration()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void poissonArrivalsAreReproducible_andNearTheRate() {
    LoadProfile p = LoadProfile.builder().step(500, Duration.ofSeconds(10)).poisson(new Random(42)).build();

    List<Long> first = offsets(p);

    assertThat(first).isEqualTo(offsets(p));
    assertThat(first).isSorted().hasSizeBetween(4_700, 5_300);
  }

  @Test
  void badProfilesAreRefused() {
    assertThatThrownBy(() -> LoadProfile.constant(-1, Duration.ofSeconds(1))).hasMessageContaining("-1");
    assertThatThrownBy(() -> LoadProfile.constant(1, Duration.ZERO)).hasMessageContaining("positive");
    assertThatThrownBy(() -> LoadProfile.builder().build()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> LoadGenerator.builder().profile(LoadProfile.constant(1, Duration.ofSeconds(1)))
        .build()).hasMessageContaining("target");
    assertThatThrownBy(() -> LoadGenerator.builder().target((i, r) -> { })
        .profile(LoadProfile.constant(1, Duration.ofSeconds(1))).build()).hasMessageContaining("request");
  }

  @Test
  void weightedRequestsAreInterleavedByWeight() {
    List<String> sent = java.util.Collections.synchronizedList(new ArrayList<>());
    LoadReport report = LoadGenerator.builder()
        .target((intent, request) -> sent.add(request.path()))
        .profile(LoadProfile.constant(1000, Duration.ofMillis(100)))
        .request(Intent.READ, EdgeRequest.get("/read"), 3)
        .request(Intent.PAYMENT, EdgeRequest.get("/pay"), 1)
        .build()
        .run();

    assertThat(report.offered()).isEqualTo(100);
    assertThat(sent.stream().filter("/read"::equals).count()).isEqualTo(75);
    assertThat(report.byIntent().get("payment").requests()).isEqualTo(25);
    assertThat(report.errorsByKind()).isEmpty();
  }

  @Test
  void failuresAreCountedByKind_andClientErrorsApart() {
    LoadReport report = LoadGenerator.builder()
        .target((intent, request) -> {
          switch (request.path()) {
            case "/bad" -> throw new dev.microevent.core.HttpServiceException("edge", 404, new byte[0], null, null);
            case "/down" -> throw new dev.microevent.core.HttpServiceException("edge", 503, new byte[0], null, null);
            default -> { }
          }
        })
        .profile(LoadProfile.constant(300, Duration.ofMillis(100)))
        .request(Intent.READ, EdgeRequest.get("/ok"))
        .request(Intent.READ, EdgeRequest.get("/bad"))
        .request(Intent.READ, EdgeRequest.get("/down"))
        .build()
        .run();

    assertThat(report.offered()).isEqualTo(30);
    assertThat(report.succeeded()).isEqualTo(10);
    assertThat(report.clientErrors()).isEqualTo(10);
    assertThat(report.failed()).isEqualTo(10);
    assertThat(report.errorsByKind()).containsEntry("SdkServiceException 404", 10L)
        .containsEntry("SdkServiceException 503", 10L);
  }
}
