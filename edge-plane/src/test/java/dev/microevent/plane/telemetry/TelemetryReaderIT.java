package dev.microevent.plane.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.microevent.core.budget.Slo;
import dev.microevent.plane.internal.PlaneCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The analytics reader on sampled batches in a real S3-compatible store: its SLO figures equal
 * those computed from the unsampled stream. Stated error: calls, bad calls, availability, burn
 * rate and error classes exact (the collectors' counts and the always-kept errors); p99 within 1 %
 * (exact but for rounding when it lies above the slow threshold: every slow span is kept); p50
 * within 12 %: three standard errors of a median estimated from about 1,000 head-sampled spans of
 * this spread (log-normal, sigma 1; one standard error is about 4 %).
 */
class TelemetryReaderIT {
  private static final String BUCKET = "venue-telemetry";
  private static final Instant T0 = Instant.parse("2026-12-06T14:05:00Z");
  private static final SamplingPolicy SAMPLING = new SamplingPolicy(Duration.ofMillis(250), 0.10);

  @TempDir static Path tmp;
  private static S3ProxyServer s3;
  private static final List<Span> stream = new ArrayList<>();
  private static long batches;

  @BeforeAll
  static void uploadASampledStream() throws Exception {
    s3 = S3ProxyServer.start(tmp.resolve("store"), BUCKET);
    TestSpans spans = new TestSpans(7);
    Random r = spans.random();
    String[][] groups = {{"payment", "embb"}, {"payment", "urllc"}, {"read", "default"}};
    for (int i = 0; i < 30_000; i++) {
      String[] g = groups[i % 3];
      // log-normal: median 40 ms, p99 about 400 ms
      long micros = (long) (40_000 * Math.exp(0.99 * r.nextGaussian()));
      double u = r.nextDouble();
      String outcome = u < 0.010 ? "server_error" : u < 0.013 ? "timeout" : u < 0.033 ? "client_error" : "success";
      int status = switch (outcome) {
        case "server_error" -> u < 0.005 ? 503 : 500;
        case "timeout" -> 0;
        case "client_error" -> 404;
        default -> 200;
      };
      stream.add(spans.next(g[0], g[1], outcome, status, T0.plusMillis(i), Duration.ofNanos(micros * 1000)));
    }
    try (TelemetryCollector c = TelemetryCollector.builder().venue("arena-north").collectorId("edge-1")
        .store(s3.store(BUCKET).build()).spoolDirectory(tmp.resolve("spool")).batchMaxSpans(1000)
        .flushInterval(Duration.ZERO).sampling(SAMPLING).clock(Clock.fixed(T0, ZoneOffset.UTC)).start()) {
      stream.forEach(c::record);
      CollectorStats stats = c.flush();
      assertThat(stats.spooledBatches()).isZero();
      batches = stats.batchesUploaded();
      assertThat(stats.spansKept()).isLessThan(stream.size() / 4);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    s3.close();
  }

  private static TelemetryReader reader() {
    return TelemetryReader.builder().store(s3.store(BUCKET).build()).slo("payment", Slo.percent(99.5))
        .defaultSlo(Slo.percent(99.0)).build();
  }

  /** Nearest rank over the unsampled durations: the reader's rule with every weight 1. */
  private static double quantile(List<Span> spans, double q) {
    List<Span> sorted = new ArrayList<>(spans);
    sorted.sort(Comparator.comparingLong(Span::durationNanos));
    int rank = (int) Math.ceil(q * sorted.size());
    return sorted.get(Math.max(0, rank - 1)).durationNanos() / 1e6;
  }

  @Test
  void sloFiguresFromSampledBatches_equalTheUnsampledStreamWithinTheStatedError() {
    TelemetryReport report;
    try (TelemetryReader reader = reader()) {
      report = reader.report("arena-north", T0.minus(Duration.ofMinutes(30)), T0.plus(Duration.ofMinutes(30)));
    }
    assertThat(report.batches()).isEqualTo(batches).isGreaterThan(1);
    assertThat(report.figures()).extracting(f -> f.intent() + "/" + f.slice())
        .containsExactly("payment/*", "payment/embb", "payment/urllc", "read/default");
    for (SloFigures f : report.figures()) {
      Predicate<Span> in = s -> s.intent().equals(f.intent()) && (f.slice().equals("*") || s.slice().equals(f.slice()));
      List<Span> truth = stream.stream().filter(in).toList();
      long eligible = truth.stream().filter(Span::eligible).count();
      long bad = truth.stream().filter(Span::bad).count();
      double target = f.intent().equals("payment") ? 0.995 : 0.99;
      Map<String, Long> classes = new TreeMap<>();
      truth.stream().filter(s -> !s.succeeded()).forEach(s -> classes.merge(s.errorClass(), 1L, Long::sum));

      assertThat(f.calls()).as("calls of %s", f).isEqualTo(truth.size());
      assertThat(f.eligible()).isEqualTo(eligible);
      assertThat(f.bad()).isEqualTo(bad);
      assertThat(f.availability()).isCloseTo((double) (eligible - bad) / eligible, within(1e-12));
      assertThat(f.burnRate()).isCloseTo(((double) bad / eligible) / (1 - target), within(1e-9));
      assertThat(new TreeMap<>(f.errorClasses())).isEqualTo(classes);
      double p99 = quantile(truth, 0.99);
      assertThat(p99).isGreaterThan(250);
      assertThat(f.p99Millis()).as("p99 of %s", f).isCloseTo(p99, within(p99 * 0.01));
      double p50 = quantile(truth, 0.50);
      assertThat(f.p50Millis()).as("p50 of %s", f).isCloseTo(p50, within(p50 * 0.12));
      assertThat(f.keptSpans()).isLessThan(truth.size() / 4);
    }
    assertThat(report.breached()).isTrue();
  }

  @Test
  void theCliPrintsATableWritesJsonAndAnHtmlPageWithCharts_andItsExitCodeSaysWhetherAnSloIsBreached()
      throws Exception {
    String[] store = {"telemetry", "report", "--endpoint", s3.uri().toString(), "--bucket", BUCKET,
        "--access-key", S3ProxyServer.ACCESS, "--secret-key", S3ProxyServer.SECRET, "--venue", "arena-north",
        "--to", "2026-12-06T15:00:00Z"};
    String[] hour = concat(store, "--from", "2026-12-06T14:00:00Z");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = PlaneCli.run(new PrintWriter(out), new PrintWriter(err), concat(hour, "--slo", "payment=99.9"));
    assertThat(code).as(err.toString()).isEqualTo(PlaneCli.DEGRADED);
    assertThat(out.toString()).contains("INTENT", "payment", "urllc", "BREACHED", "server_error/503");

    Path json = tmp.resolve("report.json");
    code = PlaneCli.run(new PrintWriter(out), new PrintWriter(err),
        concat(hour, "--default-slo", "90", "--format", "json", "--out", json.toString()));
    assertThat(code).as(err.toString()).isEqualTo(PlaneCli.OK);
    assertThat(Files.readString(json)).contains("\"breached\":false", "\"p99Millis\"", "\"errorClasses\"");

    Path html = tmp.resolve("report.html");
    code = PlaneCli.run(new PrintWriter(out), new PrintWriter(err),
        concat(hour, "--format", "html", "--out", html.toString()));
    assertThat(code).as(err.toString()).isEqualTo(PlaneCli.DEGRADED);
    String page = Files.readString(html, StandardCharsets.UTF_8);
    assertThat(page).startsWith("<!DOCTYPE html>").contains("<svg", "id=\"latency\"", "id=\"availability\"",
        "id=\"errors\"", "payment / embb");
    assertThat(out.toString() + err).doesNotContain(S3ProxyServer.SECRET);

    code = PlaneCli.run(new PrintWriter(out), new PrintWriter(err), concat(store, "--from", "yesterday"));
    assertThat(code).isEqualTo(PlaneCli.USAGE);
    assertThat(err.toString()).contains("--from must be an ISO instant");
  }

  private static String[] concat(String[] a, String... b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
