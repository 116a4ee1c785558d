package dev.microevent.power.internal;

import dev.microevent.power.ApcupsdConfig;
import dev.microevent.power.ApcupsdSource;
import dev.microevent.power.BatterySpec;
import dev.microevent.power.PowerProtocolException;
import dev.microevent.power.PowerReading;
import dev.microevent.power.PowerSourceException;
import dev.microevent.power.UpsFlag;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * apcupsd's NIS: every message, both ways, is a 2-byte big-endian length and that many bytes;
 * the answer to {@code status} is one {@code KEYWORD : value} record per message, ended by a
 * zero-length message (at most {@value #MAX_RECORDS} records of {@value #MAX_RECORD} bytes, and
 * {@value #MAX_STATUS} bytes in all). One connection per read; the read timeout bounds the whole status, and
 * {@link #close()} closes the sockets of reads in progress. Thread-safe.
 */
public final class ApcupsdNisSource implements ApcupsdSource {
  static final int MAX_RECORD = 1024;
  static final int MAX_RECORDS = 512;
  /** The whole status, in bytes: a real one is about 2 KiB. */
  static final int MAX_STATUS = 64 * 1024;
  private static final Pattern UNIT_WORD = Pattern.compile("\\s.*$");
  /** The words of apcupsd's STATUS and the NUT flags they mean. */
  private static final Map<String, UpsFlag> STATUS_WORDS = Map.of("ONLINE", UpsFlag.OL, "ONBATT", UpsFlag.OB,
      "LOWBATT", UpsFlag.LB, "CAL", UpsFlag.CAL, "TRIM", UpsFlag.TRIM, "BOOST", UpsFlag.BOOST, "OVERLOAD", UpsFlag.OVER,
      "REPLACEBATT", UpsFlag.RB, "SHUTTING DOWN", UpsFlag.FSD);

  private final ApcupsdConfig config;
  private final Set<Socket> inFlight = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /**
   * A source.
   *
   * @param config where
   */
  public ApcupsdNisSource(ApcupsdConfig config) {
    this.config = config;
  }

  @Override
  public String id() {
    return config.id();
  }

  @Override
  public Optional<BatterySpec> battery() {
    return config.battery();
  }

  @Override
  public PowerReading read() {
    return toReading(config.id(), status(), config.clock().instant());
  }

  @Override
  public Map<String, String> status() {
    if (closed) {
      throw new IllegalStateException("apcupsd source " + config.id() + " is closed");
    }
    String where = config.host() + ":" + config.port();
    Socket s = new Socket();
    inFlight.add(s);
    try (s) {
      if (closed) { // close() may have looked for sockets before this one existed
        s.close();
      }
      s.connect(new InetSocketAddress(config.host(), config.port()), Checks.socketMillis(config.connectTimeout()));
      OutputStream out = s.getOutputStream();
      byte[] cmd = "status".getBytes(StandardCharsets.US_ASCII);
      out.write(new byte[] {0, (byte) cmd.length});
      out.write(cmd);
      out.flush();
      return readStatus(DeadlineInputStream.of(s, config.readTimeout()), where);
    } catch (IOException e) {
      if (closed) {
        throw new PowerSourceException("apcupsd source " + config.id() + " was closed during the read", e, true, false);
      }
      throw new PowerSourceException("cannot read apcupsd NIS (" + where + "): " + e.getClass().getSimpleName()
          + "; is apcupsd running with NETSERVER on?", e, true, true);
    } finally {
      inFlight.remove(s);
    }
  }

  /**
   * Reads the answer to {@code status}: records up to the empty one.
   *
   * @param answer what apcupsd sent
   * @param where the server, for messages
   * @return keyword to value
   * @throws PowerProtocolException if the answer is not a bounded NIS status
   * @throws IOException if reading fails
   */
  static Map<String, String> readStatus(InputStream answer, String where) throws IOException {
    try {
      return readRecords(new DataInputStream(new BufferedInputStream(answer)), where);
    } catch (EOFException e) {
      throw new PowerProtocolException("apcupsd NIS (" + where + ") closed the connection in the middle of a "
          + "record; the status is incomplete and was dropped", e);
    }
  }

  private static Map<String, String> readRecords(DataInputStream in, String where) throws IOException {
    Map<String, String> status = new LinkedHashMap<>();
    int total = 0;
    for (int n = 0; ; n++) {
      int len = in.readUnsignedShort();
      if (len == 0) {
        return status;
      }
      total += len;
      if (len > MAX_RECORD || n >= MAX_RECORDS || total > MAX_STATUS) {
        throw new PowerProtocolException("apcupsd NIS (" + where + ") sent " + (len > MAX_RECORD
            ? "a " + len + "-byte record (limit " + MAX_RECORD + ")" : n >= MAX_RECORDS
            ? "more than " + MAX_RECORDS + " records" : "a status longer than " + MAX_STATUS + " bytes")
            + "; is this really apcupsd?", null);
      }
      byte[] record = new byte[len];
      in.readFully(record);
      String line = new String(record, StandardCharsets.UTF_8);
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new PowerProtocolException("apcupsd NIS (" + where + ") sent a record without 'KEY : value': '"
            + Checks.sanitize(line) + "'", null);
      }
      status.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
    }
  }

  /**
   * Maps a NIS status to a reading. {@code COMMLOST} means apcupsd lost its UPS: stale.
   *
   * @param id the source id
   * @param status keyword to value
   * @param now the reading time
   * @return the reading
   * @throws PowerSourceException (stale) on COMMLOST or a missing STATUS
   */
  public static PowerReading toReading(String id, Map<String, String> status, Instant now) {
    String st = Checks.asciiUpperCase(status.getOrDefault("STATUS", ""));
    if (st.isBlank() || st.contains("COMMLOST")) {
      throw new PowerSourceException("apcupsd lost contact with UPS " + id + " (STATUS '" + Checks.sanitize(st)
          + "'); its values are unknown", null, true, true);
    }
    Set<UpsFlag> flags = EnumSet.noneOf(UpsFlag.class);
    STATUS_WORDS.forEach((word, flag) -> {
      if (st.contains(word)) {
        flags.add(flag);
      }
    });
    PowerReading.Builder b = PowerReading.builder(id, now).flags(flags).values(status)
        .present(!st.contains("NOBATT"));
    first(status, "BCHARGE").ifPresent(b::chargePercent);
    first(status, "TIMELEFT").flatMap(min -> NutWire.runtime(min * 60)).ifPresent(b::runtime);
    Optional<Double> load = first(status, "LOADPCT");
    Optional<Double> nominal = first(status, "NOMPOWER");
    if (load.isPresent() && nominal.isPresent()) {
      b.loadWatts(load.get() * nominal.get() / 100.0);
    }
    first(status, "BATTV").ifPresent(b::batteryVolts);
    return b.build();
  }

  /** The number before the unit word: {@code "100.0 Percent"} gives 100. */
  private static Optional<Double> first(Map<String, String> status, String key) {
    String v = status.get(key);
    return NutWire.optionalNumber(v == null ? null : UNIT_WORD.matcher(v.trim()).replaceFirst(""));
  }

  /** Closes the sockets of reads in progress (they fail at once) and refuses further reads. */
  @Override
  public void close() {
    closed = true;
    for (Socket s : inFlight) {
      try {
        s.close();
      } catch (IOException ignored) {
        // the read fails anyway
      }
    }
  }

  @Override
  public String toString() {
    return "ApcupsdSource{" + config + "}";
  }
}
