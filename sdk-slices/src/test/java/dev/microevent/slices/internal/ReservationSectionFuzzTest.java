package dev.microevent.slices.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microevent.core.Intent;
import dev.microevent.core.MicroEventClient;
import dev.microevent.core.Plane;
import dev.microevent.core.fuzz.Fuzz;
import dev.microevent.core.time.VirtualTime;
import dev.microevent.slices.Slice;
import dev.microevent.slices.SliceId;
import dev.microevent.slices.SlicePlan;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code slices} section of the plane's config document, as the section reads it: any bytes
 * give a value or named problems, never an exception (the core would count one as a problem, but
 * the section must say what is wrong); a value always keeps the section's bounds, and applying it
 * never throws.
 */
class ReservationSectionFuzzTest {
  private final VirtualTime time = VirtualTime.startingAt(Instant.parse("2026-06-01T18:00:00Z"));
  private final MicroEventClient core = MicroEventClient.builder()
      .addEdgePlane(Plane.edge("venue-hub", URI.create("http://127.0.0.1:9"), 0))
      .clock(time.clock()).scheduler(time.scheduler()).healthChecksEnabled(false).build();
  private final SteeringEngine engine = new SteeringEngine(SlicePlan.playbook(
      Slice.builder(SliceId.of("checkout")).exclusiveTo(Intent.PAYMENT).build(),
      Slice.builder(SliceId.of("streaming")).build()));
  private final ReservationSection section = new ReservationSection(engine, core.runtime().json(),
      core.runtime().meters());

  @AfterEach
  void stop() {
    core.close();
  }

  @Test
  void anyBytes_giveAValueWithinBoundsOrNamedProblems_neverAnException() {
    Fuzz.Report report = Fuzz.parser("slices section", in -> {
      List<String> problems = new ArrayList<>();
      ReservationSection.Requested value = section.parse(in, (member, what) -> problems.add(member + ": " + what));
      if (!problems.isEmpty()) {
        return;
      }
      if (value == null) {
        throw new AssertionError("no value and no problem for " + new String(in, StandardCharsets.UTF_8));
      }
      Set<Intent> seen = new HashSet<>();
      assertThat(value.bySlice()).hasSizeLessThanOrEqualTo(ReservationSection.MAX_SLICES);
      value.bySlice().values().forEach(intents -> {
        assertThat(intents).hasSizeLessThanOrEqualTo(ReservationSection.MAX_INTENTS);
        intents.forEach(i -> assertThat(seen.add(i)).as("%s reserved once", i).isTrue());
      });
      section.apply(value);
    })
        .seeds("{\"checkout\":{\"intents\":[\"payment\"]},\"streaming\":{\"intents\":[\"stream_uplink\",\"read\"]}}",
            "{\"vip\":{\"intents\":[\"payment\"]},\"checkout\":{\"intents\":[\"telemetry\"]}}",
            "{\"default\":{\"intents\":[\"telemetry\"]},\"streaming\":{\"intents\":[]}}", "{}")
        .dictionary("\"intents\":", "\"payment\"", "\"stream_uplink\"", "\"read\"", "\"checkout\":",
            "\"streaming\":", "\"default\":", "{\"intents\":[]}")
        .run();
    System.out.println(report); // the figures of a run, in target/surefire-reports/*-output.txt

    assertThat(report.accepted()).isPositive();
  }

  @Test
  void bytesTheCoreWouldNeverPass_areAProblemToo() {
    for (String hostile : List.of("", "{", "{\"checkout\":", "\u0000", "[".repeat(5_000) + "]".repeat(5_000))) {
      List<String> problems = new ArrayList<>();

      ReservationSection.Requested value = section.parse(hostile.getBytes(StandardCharsets.UTF_8),
          (member, what) -> problems.add(member + ": " + what));

      assertThat(value).as(hostile).isNull();
      assertThat(problems).as(hostile).singleElement().asString().startsWith(": not JSON the client accepts")
          .hasSizeLessThan(400);
    }
  }
}
