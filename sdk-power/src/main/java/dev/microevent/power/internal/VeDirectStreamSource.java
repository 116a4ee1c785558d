package dev.microevent.power.internal;

import dev.microevent.core.internal.Backoff;
import dev.microevent.power.BatterySpec;
import dev.microevent.power.PowerReading;
import dev.microevent.power.PowerSourceException;
import dev.microevent.power.VeDirectConfig;
import dev.microevent.power.VeDirectSource;
import dev.microevent.power.protocol.VeDirectBlock;
import dev.microevent.power.protocol.VeDirectError;
import dev.microevent.power.protocol.VeDirectField;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A VE.Direct device read by one daemon thread this source owns. Blocks are merged per device
 * (a BMV alternates live and history blocks); the stream is opened again with backoff (0.5 s
 * doubling to the configured maximum) when it ends or fails. Thread-safe.
 */
public final class VeDirectStreamSource implements VeDirectSource {
  private static final Logger log = LoggerFactory.getLogger(VeDirectStreamSource.class);

  /** The first reopen after 0.5 s, doubling up to the configured cap. */
  private static final Duration FIRST_REOPEN = Duration.ofMillis(500);

  private final VeDirectConfig config;
  private final Backoff reopen;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final Thread thread;
  private volatile @Nullable VeDirectBlock merged;
  private volatile @Nullable Instant lastBlockAt;
  private volatile @Nullable InputStream current;
  private volatile @Nullable String problem;

  /**
   * Starts reading.
   *
   * @param config the stream and limits
   */
  public VeDirectStreamSource(VeDirectConfig config) {
    this.config = config;
    this.reopen = Backoff.upTo(FIRST_REOPEN, config.maxReopenBackoff());
    this.thread = new Thread(this::run, "microevent-vedirect-" + config.id());
    thread.setDaemon(true);
    thread.start();
  }

  private boolean isClosed() {
    return closed.getCount() == 0;
  }

  private void run() {
    int failures = 0;
    while (!isClosed()) {
      try (InputStream in = config.opener().open()) {
        current = in;
        DefaultVeDirectReader reader = new DefaultVeDirectReader(in);
        long baseAccepted = accepted.get();
        long baseRejected = rejected.get();
        while (!isClosed()) {
          Optional<VeDirectBlock> block = reader.next();
          accepted.set(baseAccepted + reader.acceptedBlocks());
          rejected.set(baseRejected + reader.rejectedBlocks());
          if (block.isEmpty()) {
            problem = "the VE.Direct stream ended";
            break;
          }
          VeDirectBlock prev = merged;
          merged = prev == null ? block.get() : prev.mergedWith(block.get());
          lastBlockAt = config.clock().instant();
          failures = 0;
        }
      } catch (IOException | PowerSourceException e) {
        problem = "the VE.Direct stream failed: " + e.getClass().getSimpleName();
        log.debug("VE.Direct source {}: {}", config.id(), problem, e);
      } catch (RuntimeException e) {
        problem = "the VE.Direct stream opener failed: " + e.getClass().getSimpleName();
        log.warn("VE.Direct source {}: stream opener threw; retrying", config.id(), e);
      } finally {
        current = null;
      }
      failures++;
      long ms = Duration.ofNanos(reopen.ceilingNanos(failures)).toMillis();
      try {
        if (closed.await(ms, TimeUnit.MILLISECONDS)) {
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
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
  public Optional<VeDirectBlock> latest() {
    return Optional.ofNullable(merged);
  }

  @Override
  public long rejectedBlocks() {
    return rejected.get();
  }

  @Override
  public long acceptedBlocks() {
    return accepted.get();
  }

  @Override
  public PowerReading read() {
    VeDirectBlock block = merged;
    Instant at = lastBlockAt;
    if (block == null || at == null) {
      String why = problem;
      throw new PowerSourceException("no valid VE.Direct block from " + config.id() + " yet"
          + (why == null ? "" : " (" + why + ")") + "; check the cable and baud rate (19200 8N1)", null, true, true);
    }
    Duration age = Duration.between(at, config.clock().instant());
    if (age.compareTo(config.staleAfter()) > 0) {
      throw new PowerSourceException("no valid VE.Direct block from " + config.id() + " for " + age.toMillis()
          + " ms (limit " + config.staleAfter().toMillis() + " ms); its values are unknown", null, true, true);
    }
    return toReading(config.id(), block, at);
  }

  /**
   * Maps a (merged) block to a reading: {@code SOC}, {@code TTG}, {@code PPV} as solar input, and
   * as load the MPPT's load output ({@code V * IL}) or, on a battery monitor, the discharge power
   * ({@code -P} while {@code P} is negative).
   *
   * @param id the source id
   * @param block the block
   * @param at when it arrived
   * @return the reading
   */
  public static PowerReading toReading(String id, VeDirectBlock block, Instant at) {
    PowerReading.Builder b = PowerReading.builder(id, at).values(block.fields()).lowBattery(block.lowBatteryAlarm());
    block.stateOfChargePercent().ifPresent(b::chargePercent);
    block.timeToGo().ifPresent(b::runtime);
    block.value(VeDirectField.PPV).ifPresent(b::solarWatts);
    OptionalDouble volts = block.value(VeDirectField.V);
    volts.ifPresent(b::batteryVolts);
    OptionalDouble loadAmps = block.value(VeDirectField.IL);
    OptionalDouble batteryWatts = block.value(VeDirectField.P);
    if (volts.isPresent() && loadAmps.isPresent()) {
      b.loadWatts(volts.getAsDouble() * loadAmps.getAsDouble()); // MPPT load output
    } else if (batteryWatts.isPresent() && batteryWatts.getAsDouble() < 0) {
      b.loadWatts(-batteryWatts.getAsDouble()); // BMV/shunt: the battery feeds the loads
    }
    block.error()
        .filter(e -> e != VeDirectError.NONE && !e.transientAtStartup())
        .ifPresent(e -> b.alarm("charger error " + e.code() + " " + e));
    return b.build();
  }

  @Override
  public void close() {
    closed.countDown();
    InputStream in = current;
    if (in != null) {
      try {
        in.close();
      } catch (IOException ignored) {
        // the reader thread ends anyway
      }
    }
    thread.interrupt();
  }

  @Override
  public String toString() {
    return "VeDirectSource{" + config + "}";
  }
}
