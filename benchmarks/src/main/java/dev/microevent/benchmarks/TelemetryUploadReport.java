package dev.microevent.benchmarks;

import dev.microevent.plane.telemetry.CollectorStats;
import dev.microevent.plane.telemetry.ObjectStore;
import dev.microevent.plane.telemetry.SamplingPolicy;
import dev.microevent.plane.telemetry.Span;
import dev.microevent.plane.telemetry.TelemetryCollector;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Properties;
import java.util.Random;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * The collector's upload throughput to a real S3-compatible store on loopback (s3proxy, filesystem
 * store in a temp directory): records N spans (every one kept), seals batches of 5,000 and uploads
 * them, and prints spans per second end to end (record, encode, gzip, spool, PUT), the compressed
 * bytes per span and the upload share of the time.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar dev.microevent.benchmarks.TelemetryUploadReport [spans]
 * }</pre>
 */
public final class TelemetryUploadReport {
  private TelemetryUploadReport() {}

  /**
   * Runs the report.
   *
   * @param args optional: the number of spans (default 500,000)
   * @throws Exception if the store cannot start
   */
  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
        StandardCharsets.UTF_8);
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
    Path dir = Files.createTempDirectory("telemetry-upload");
    Properties o = new Properties();
    o.setProperty("jclouds.filesystem.basedir", dir.resolve("store").toString());
    Files.createDirectories(dir.resolve("store"));
    BlobStoreContext ctx = ContextBuilder.newBuilder("filesystem-nio2").credentials("x", "x").overrides(o)
        .build(BlobStoreContext.class);
    ctx.getBlobStore().createContainerInLocation(null, "upload-bench");
    S3Proxy proxy = S3Proxy.builder().blobStore(ctx.getBlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "bench", "bench-secret").ignoreUnknownHeaders(true)
        .build();
    proxy.start();
    long waitUntil = System.nanoTime() + 20_000_000_000L;
    while (!"STARTED".equals(proxy.getState()) && System.nanoTime() < waitUntil) {
      Thread.onSpinWait();
    }
    ObjectStore store = ObjectStore.builder().endpoint(URI.create("http://127.0.0.1:" + proxy.getPort()))
        .bucket("upload-bench").credentials("bench", "bench-secret").build();
    Random r = new Random(1);
    HexFormat hex = HexFormat.of();
    Span[] spans = new Span[n];
    Instant t0 = Instant.now();
    for (int i = 0; i < n; i++) {
      boolean bad = i % 100 == 0;
      spans[i] = new Span(hex.formatHex(TelemetryCollectorBenchmark.randomId(r, 16)),
          hex.formatHex(TelemetryCollectorBenchmark.randomId(r, 8)), i % 3 == 0 ? "payment" : "read", "embb", "edge-1",
          bad ? "server_error" : "success", bad ? 503 : 200, t0.toEpochMilli() * 1_000_000L + i,
          (long) (40e6 * Math.exp(r.nextGaussian())));
    }
    try (TelemetryCollector c = TelemetryCollector.builder().venue("bench").collectorId("edge-1").store(store)
        .spoolDirectory(dir.resolve("spool")).batchMaxSpans(5_000).flushInterval(Duration.ZERO)
        .sampling(SamplingPolicy.keepAll()).start()) {
      // warm-up: one batch
      for (int i = 0; i < 5_000; i++) {
        c.record(spans[i]);
      }
      c.flush();
      long start = System.nanoTime();
      long recording = 0;
      CollectorStats s = c.stats();
      // chunks of 50,000 spans (10 batches): the collector keeps at most 16 full batches waiting for its
      // thread and drops beyond (counted), so a chunk never outruns it; flush() waits for the chunk's upload
      for (int from = 5_000; from < n; from += 50_000) {
        long t = System.nanoTime();
        for (int i = from; i < Math.min(n, from + 50_000); i++) {
          c.record(spans[i]);
        }
        recording += System.nanoTime() - t;
        s = c.flush();
      }
      long end = System.nanoTime();
      long measured = n - 5_000L;
      double seconds = (end - start) / 1e9;
      long bytes = 0;
      try (var files = Files.walk(dir.resolve("store"))) {
        bytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
      }
      out.printf(Locale.ROOT, "spans %d in %d batches, all kept; uploaded %d, spooled %d, failures %d%n", n,
          s.batchesSealed(), s.batchesUploaded(), s.spooledBatches(), s.uploadFailures());
      out.printf(Locale.ROOT, "end to end: %.0f spans/s (%.2f s for %d spans, %d dropped; of it recording %.2f s)%n",
          measured / seconds, seconds, measured, s.spansDropped(), recording / 1e9);
      out.printf(Locale.ROOT, "stored: %.1f bytes per span gzip-compressed (%.1f MiB in all)%n", (double) bytes / n,
          bytes / 1048576.0);
    } finally {
      proxy.stop();
      ctx.close();
    }
  }
}
