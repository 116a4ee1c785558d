package dev.microevent.testkit.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microevent.core.Criticality;
import dev.microevent.core.EdgeRequest;
import dev.microevent.core.Intent;
import dev.microevent.core.Outcome;
import dev.microevent.testkit.internal.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrafficFileTest {
  private static final Intent LOYALTY = Intent.of("loyalty", Criticality.NON_ESSENTIAL, Intent.Idempotence.IDEMPOTENT);

  private static List<TrafficRecord> parse(String text) {
    return TrafficFile.parse(new StringReader(text), "test.ndjson");
  }

  @Test
  void writingThenReading_keepsEveryField(@TempDir Path dir) {
    List<TrafficRecord> records = List.of(
        TrafficRecord.builder(Duration.ZERO, Intent.READ, "GET", "/v1/catalog?drop=42").build(),
        TrafficRecord.builder(Duration.ofNanos(12_345_000), Intent.PAYMENT, "POST", "/v1/checkout")
            .bodySize(312).contentType("application/json")
            .observed(Outcome.SUCCESS, 200, "venue-hub", 2, Duration.ofNanos(23_456_000)).build(),
        TrafficRecord.builder(Duration.ofMillis(40), LOYALTY, "POST", "/v1/points").bodySize(20)
            .observed(Outcome.SHED, 0, null, 0, Duration.ZERO).build());
    Path file = dir.resolve("t.ndjson");

    TrafficFile.write(file, records);

    assertThat(TrafficFile.read(file)).containsExactlyElementsOf(records);
  }

  @Test
  void eachRecordIsOneLineOfTheDocumentedShape() {
    String line = TrafficFile.toLine(TrafficRecord.builder(Duration.ofNanos(12_500_000), Intent.PAYMENT, "POST",
        "/v1/checkout").bodySize(312).observed(Outcome.SUCCESS, 200, "venue-hub", 1, Duration.ofMillis(23)).build());

    assertThat(line).isEqualTo("{\"offsetMs\":12.5,\"intent\":\"payment\",\"method\":\"POST\",\"path\":\"/v1/checkout\","
        + "\"bodyBytes\":312,\"outcome\":\"success\",\"status\":200,\"plane\":\"venue-hub\",\"attempts\":1,"
        + "\"durationMs\":23.0}");
  }

  @Test
  void recordsAreSortedByOffset_blankLinesSkipped_andUnknownMembersIgnored() {
    List<TrafficRecord> records = parse("""
        {"offsetMs":20,"intent":"read","method":"GET","path":"/b","future":{"x":1}}

        {"offsetMs":10,"intent":"read","method":"GET","path":"/a"}
        """);

    assertThat(records).extracting(TrafficRecord::path).containsExactly("/a", "/b");
  }

  @Test
  void everyBadLineIsReportedWithItsNumber_andNothingIsReturned() {
    String deep = "[".repeat(5000) + "]".repeat(5000);
    String text = String.join("\n",
        "{\"offsetMs\":0,\"intent\":\"read\",\"method\":\"GET\",\"path\":\"/ok\"}",
        "not json at all",
        "{\"offsetMs\":-5,\"intent\":\"read\",\"method\":\"GET\",\"path\":\"/neg\"}",
        "{\"offsetMs\":1,\"method\":\"GET\",\"path\":\"/no-intent\"}",
        "{\"offsetMs\":1,\"intent\":\"mystery\",\"method\":\"GET\",\"path\":\"/x\"}",
        "{\"offsetMs\":1,\"intent\":\"read\",\"method\":\"get\",\"path\":\"/lower\"}",
        "{\"offsetMs\":1,\"intent\":\"read\",\"method\":\"GET\",\"path\":\"no-slash\"}",
        "{\"offsetMs\":\"12\",\"intent\":\"read\",\"method\":\"GET\",\"path\":\"/text-offset\"}",
        deep,
        "{\"offsetMs\":1e400,\"intent\":\"read\",\"method\":\"GET\",\"path\":\"/huge\"}",
        "[1,2,3]",
        "{\"offsetMs\":1,\"intent\":\"read\",\"method\":\"GET\",\"path\":\"/x\",\"outcome\":\"exploded\"}",
        "{\"offsetMs\":1,\"intent\":\"read\",\"method\":\"GET\",\"path\":\"/x\",\"bodyBytes\":-1}",
        "{\"offsetMs\":2,\"intent\":\"read\",\"method\":\"GET\",\"path\":\"/ok2\"}") + "\n";

    assertThatThrownBy(() -> parse(text))
        .isInstanceOfSatisfying(TrafficFormatException.class, e -> {
          assertThat(e.badLines()).isEqualTo(12);
          assertThat(e.problems()).extracting(TrafficFormatException.Problem::line)
              .containsExactly(2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L);
          assertThat(e.problems().get(0).message()).startsWith("not valid JSON");
          assertThat(e.problems().get(1).message()).contains("'offsetMs' must be within");
          assertThat(e.problems().get(2).message()).isEqualTo("missing 'intent'");
          assertThat(e.problems().get(3).message()).contains("give criticality and idempotence");
          assertThat(e.problems().get(7).message()).startsWith("not valid JSON").containsIgnoringCase("depth");
          assertThat(e.getMessage()).contains("line 2:", "line 13:", "nothing was replayed");
        });
  }

  @Test
  void wholeNumberMembersRefuseFractions_andObservedMembersAreCheckedEvenWithoutAnOutcome() {
    String text = """
        {"offsetMs":0,"intent":"read","method":"GET","path":"/a","bodyBytes":1.5}
        {"offsetMs":0,"intent":"read","method":"GET","path":"/a","status":"200"}
        {"offsetMs":0,"intent":"read","method":"GET","path":"/a","outcome":"success","attempts":2.5}
        {"offsetMs":0.5,"intent":"read","method":"GET","path":"/ok","bodyBytes":12.0}
        """;

    assertThatThrownBy(() -> parse(text))
        .isInstanceOfSatisfying(TrafficFormatException.class, e -> {
          assertThat(e.problems()).extracting(TrafficFormatException.Problem::line).containsExactly(1L, 2L, 3L);
          assertThat(e.problems().get(0).message()).isEqualTo("'bodyBytes' must be a whole number, got 1.5");
          assertThat(e.problems().get(1).message()).isEqualTo("'status' must be a number");
          assertThat(e.problems().get(2).message()).contains("'attempts' must be a whole number");
        });
    assertThat(parse("{\"offsetMs\":0,\"intent\":\"read\",\"method\":\"GET\",\"path\":\"/a\",\"bodyBytes\":12.0,"
        + "\"status\":200}").get(0).bodySize()).isEqualTo(12);
  }

  @Test
  void aTruncatedLastLineIsReportedAsPossiblyTruncated() {
    String text = "{\"offsetMs\":0,\"intent\":\"read\",\"method\":\"GET\",\"path\":\"/a\"}\n"
        + "{\"offsetMs\":5,\"intent\":\"read\",\"meth";

    assertThatThrownBy(() -> parse(text))
        .isInstanceOfSatisfying(TrafficFormatException.class, e -> {
          assertThat(e.problems()).hasSize(1);
          assertThat(e.problems().get(0).line()).isEqualTo(2);
          assertThat(e.problems().get(0).message()).contains("truncated");
        });
  }

  @Test
  void aCompleteLastLineWithoutNewlineIsAccepted() {
    assertThat(parse("{\"offsetMs\":0,\"intent\":\"read\",\"method\":\"GET\",\"path\":\"/a\"}")).hasSize(1);
  }

  @Test
  void bytesThatAreNotUtf8AreRejected() {
    byte[] bytes = "{\"offsetMs\":0,\"intent\":\"read\",\"method\":\"GET\",\"path\":\"/\u00e9\"}\n"
        .getBytes(StandardCharsets.ISO_8859_1);

    assertThatThrownBy(() -> TrafficFile.read(new ByteArrayInputStream(bytes), "latin1.ndjson"))
        .isInstanceOf(TrafficFormatException.class)
        .hasMessageContaining("not valid UTF-8");
  }

  @Test
  void anOverlongLineIsRejectedWithoutReadingItWhole() {
    String text = "{\"offsetMs\":0,\"intent\":\"read\",\"method\":\"GET\",\"path\":\"/" + "a".repeat(200_000)
        + "\"}\n{\"offsetMs\":1,\"intent\":\"read\",\"method\":\"GET\",\"path\":\"/b\"}\n";

    assertThatThrownBy(() -> parse(text))
        .isInstanceOfSatisfying(TrafficFormatException.class, e -> {
          assertThat(e.problems()).hasSize(1);
          assertThat(e.problems().get(0).message()).contains("longer than");
        });
  }

  @Test
  void aMissingFileIsATypedError(@TempDir Path dir) {
    assertThatThrownBy(() -> TrafficFile.read(dir.resolve("nope.ndjson")))
        .isInstanceOf(dev.microevent.testkit.TestkitException.class)
        .hasMessageContaining("nope.ndjson")
        .hasCauseInstanceOf(IOException.class);
  }

  @Test
  void replayedBodiesAreJsonOfTheRecordedSize() throws IOException {
    for (int size : new int[] {1, 2, 3, 312}) {
      EdgeRequest request = TrafficRecord.builder(Duration.ZERO, Intent.PAYMENT, "POST", "/v1/checkout")
          .bodySize(size).build().toRequest();
      assertThat(request.body()).hasSize(size);
      assertThat(Json.tree(request.body())).isNotNull();
    }
  }

  @Test
  void writingToAWriterProducesOneLinePerRecord() throws IOException {
    StringWriter out = new StringWriter();
    TrafficFile.write(out, List.of(
        TrafficRecord.builder(Duration.ofMillis(2), Intent.READ, "GET", "/b").build(),
        TrafficRecord.builder(Duration.ofMillis(1), Intent.READ, "GET", "/a").build()));

    assertThat(out.toString()).hasLineCount(2).endsWith("\n");
    assertThat(parse(out.toString())).extracting(TrafficRecord::path).containsExactly("/a", "/b");
  }

  @Test
  void aWritableFileIsNotNeededToParse(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("x.ndjson");
    Files.writeString(file, "{\"offsetMs\":0,\"intent\":\"telemetry\",\"method\":\"POST\",\"path\":\"/t\",\"bodyBytes\":3}\n");

    assertThat(TrafficFile.read(file).get(0).intent()).isEqualTo(Intent.TELEMETRY);
  }
}
