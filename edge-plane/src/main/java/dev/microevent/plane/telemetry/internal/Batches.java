package dev.microevent.plane.telemetry.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.microevent.plane.internal.PlaneJson;
import dev.microevent.plane.internal.Problem;
import dev.microevent.plane.telemetry.TelemetryException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The batch object: its key ({@code venue/yyyy-MM-dd/HH/collector/sequence.json.gz}, UTC, the
 * sequence 16 digits so keys sort as they were sealed) and its gzip-compressed JSON body. The body
 * is an OTLP/JSON {@code ExportTraceServiceRequest} ({@code resourceSpans}) with the batch's
 * header, its exact counts and the meter snapshots ({@code resourceMetrics}) beside it.
 */
public final class Batches {
  /** The format name written in every batch. */
  public static final String FORMAT = "microevent.telemetry/1";
  /** Longest batch body read back, decompressed. */
  public static final int MAX_JSON_BYTES = 256 * 1024 * 1024;

  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH").withZone(ZoneOffset.UTC);
  private static final Pattern KEY = Pattern.compile(
      "([a-z0-9][a-z0-9_.-]{0,62})/(\\d{4}-\\d{2}-\\d{2})/(\\d{2})/([a-z0-9][a-z0-9_.-]{0,62})/(\\d{16})\\.json\\.gz");
  /** Venue and collector names: safe as one key segment. */
  public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,62}");

  private Batches() {}

  /**
   * The key of a batch.
   *
   * @param venue the venue
   * @param collector the collector
   * @param sequence the collector's batch sequence
   * @param sealedAt when the batch was sealed
   * @return the key
   */
  public static String key(String venue, String collector, long sequence, Instant sealedAt) {
    return hourPrefix(venue, sealedAt) + collector + "/" + String.format(java.util.Locale.ROOT, "%016d", sequence)
        + ".json.gz";
  }

  /**
   * The prefix of a venue's batches of one hour.
   *
   * @param venue the venue
   * @param hour any instant within the hour
   * @return {@code venue/yyyy-MM-dd/HH/}
   */
  public static String hourPrefix(String venue, Instant hour) {
    return venue + "/" + DAY.format(hour) + "/" + HOUR.format(hour) + "/";
  }

  /**
   * Whether a key is a batch key.
   *
   * @param key a key
   * @return a matcher that matched, or null
   */
  public static Matcher parseKey(String key) {
    return KEY.matcher(key);
  }

  /**
   * Gzips bytes.
   *
   * @param json the bytes
   * @return the compressed bytes
   */
  public static byte[] gzip(byte[] json) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(json.length / 6 + 64);
    try (GZIPOutputStream gz = new GZIPOutputStream(out, 8192)) {
      gz.write(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * Reads a batch body back.
   *
   * @param gzipped the stored bytes
   * @param key the key, for messages
   * @return the batch document
   * @throws TelemetryException if it is not a gzip-compressed batch of this format
   */
  public static JsonNode read(byte[] gzipped, String key) {
    byte[] json;
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
      json = in.readNBytes(MAX_JSON_BYTES + 1);
    } catch (IOException e) {
      throw new TelemetryException("the object '" + key + "' is not gzip-compressed", e, false);
    }
    if (json.length > MAX_JSON_BYTES) {
      throw new TelemetryException("the object '" + key + "' is longer than " + MAX_JSON_BYTES + " bytes unpacked",
          null, false);
    }
    JsonNode doc;
    try {
      doc = PlaneJson.read(json, "the object '" + key + "'");
    } catch (Problem p) {
      throw new TelemetryException(String.valueOf(p.getMessage()), null, false);
    }
    if (!FORMAT.equals(doc.path("format").asText())) {
      throw new TelemetryException("the object '" + key + "' is not a " + FORMAT + " batch", null, false);
    }
    return doc;
  }
}
