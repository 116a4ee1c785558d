package dev.microevent.core.internal;

import dev.microevent.core.HealthCheckConfig;
import dev.microevent.core.Outcome;
import dev.microevent.core.PlaneStatus.Health;
import dev.microevent.core.ResponseMappingException;
import dev.microevent.core.SdkServiceException;
import dev.microevent.core.ServiceModes;
import dev.microevent.core.internal.PlaneState.CheckResult;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Active, bilateral health checks: posts the client's status to each plane's heartbeat endpoint
 * every interval (plus jitter) and reads the plane's status and load. Each plane is rescheduled
 * after its own check finishes, so a slow plane never delays the others' cadence beyond its
 * timeout. The scheduler only keeps time; checks run on the client's I/O executor.
 */
final class HealthMonitor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HealthMonitor.class);
  private static final MediaType JSON = MediaType.get("application/json");

  private final List<PlaneState> planes;
  private final HealthCheckConfig config;
  /** The builder's interval, or the config document's {@code health.intervalMs}: read at each rescheduling. */
  private final Supplier<Duration> interval;
  private final Transport transport;
  private final OkHttpClient http;
  private final ScheduledExecutorService scheduler;
  private final Executor io;
  private final Clock clock;
  private final Random random;
  private final ClientMeters meters;
  private final String instanceId;
  private final ServiceModes modes;
  private final Supplier<@Nullable String> lastError;
  private final List<ScheduledFuture<?>> pending = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  HealthMonitor(List<PlaneState> planes, HealthCheckConfig config, Supplier<Duration> interval, Transport transport,
      ScheduledExecutorService scheduler, Executor io, Clock clock, Random random, ClientMeters meters,
      String instanceId, ServiceModes modes, Supplier<@Nullable String> lastError) {
    this.planes = planes;
    this.config = config;
    this.interval = interval;
    this.transport = transport;
    this.http = transport.base().newBuilder().callTimeout(config.timeout()).build();
    this.scheduler = scheduler;
    this.io = io;
    this.clock = clock;
    this.random = random;
    this.meters = meters;
    this.instanceId = instanceId;
    this.modes = modes;
    this.lastError = lastError;
  }

  void start() {
    for (PlaneState p : planes) {
      scheduleNext(p);
    }
  }

  /** Synchronized with {@link #close()}, so no check is scheduled after the client closed. */
  private synchronized void scheduleNext(PlaneState plane) {
    if (closed) {
      return;
    }
    long jitter = config.jitter().isZero() ? 0 : (long) (random.nextDouble() * config.jitter().toNanos());
    long delay = interval.get().toNanos() + jitter;
    try {
      // The scheduler only keeps time; the blocking check runs on the I/O executor.
      ScheduledFuture<?> f = scheduler.schedule(Guarded.task("hand-off of the health check of " + plane.plane().id(),
          () -> handOff(plane)), delay, TimeUnit.NANOSECONDS);
      pending.add(f);
      pending.removeIf(ScheduledFuture::isDone);
    } catch (RejectedExecutionException e) {
      log.debug("scheduler rejected the next health check of {}; stopping checks", plane.plane().id());
    }
  }

  private void handOff(PlaneState plane) {
    try {
      io.execute(checkAndReschedule(plane));
    } catch (RejectedExecutionException e) {
      // The I/O executor is shut down: skip this check; the next one comes (unless we are closed).
      log.debug("I/O executor rejected the health check of {}", plane.plane().id());
      scheduleNext(plane);
    }
  }

  private Runnable checkAndReschedule(PlaneState plane) {
    return () -> {
      try {
        Guarded.run("health check of plane " + plane.plane().id(), () -> check(plane));
      } finally {
        scheduleNext(plane);
      }
    };
  }

  /** Runs one check now; package-private for tests. */
  void check(PlaneState plane) {
    if (closed) {
      return;
    }
    String id = plane.plane().id();
    Heartbeat.ClientStatus status = new Heartbeat.ClientStatus(instanceId,
        modes.current().name(), lastError.get(), SdkVersion.VERSION, clock.instant());
    Request request = new Request.Builder()
        .url(transport.url(plane.plane(), Heartbeat.PATH))
        .post(RequestBody.create(Json.write(status), JSON))
        .build();
    Transport.Exchange ex = Transport.execute(http.newCall(request), Heartbeat.MAX_REPLY);
    long timeout = config.timeout().toNanos();
    Outcomes.Classified answer = Outcomes.classify(ex, id, "plane " + id, timeout, timeout, clock);
    if (answer.outcome() == Outcome.CANCELLED) {
      return; // interrupted: the client is closing, which says nothing about the plane
    }
    CheckResult result;
    String why;
    Heartbeat.PlaneReply reply = null;
    Exception cause = ex.failure();
    if (answer.failure() instanceof SdkServiceException || (cause == null && (ex.status() < 200
        || ex.status() >= 300))) {
      result = CheckResult.FAIL_NOW; // the plane answered with an error status (or a 304: no reply)
      why = "HTTP " + ex.status();
    } else if (answer.failure() != null) {
      result = CheckResult.FAIL; // no usable answer: timeout, connection failure, an oversized reply
      why = cause == null ? answer.outcome().tag() : cause.getClass().getSimpleName();
    } else {
      try {
        reply = Json.read(ex.body(), Heartbeat.PlaneReply.class);
        String s = reply.status() == null ? "SERVING" : reply.status().toUpperCase(Locale.ROOT);
        if (s.equals("DRAINING")) {
          result = CheckResult.FAIL_NOW;
          why = "plane is draining";
        } else {
          result = CheckResult.PASS;
          why = s;
        }
      } catch (ResponseMappingException e) {
        result = CheckResult.FAIL;
        why = "unreadable heartbeat reply";
      }
    }
    double load = reply == null || reply.load() == null ? Double.NaN : clampLoad(reply.load());
    String advertised = reply == null ? null : (reply.status() == null ? "SERVING" : reply.status());
    Health changed = plane.recordCheck(result, advertised, load, clock.instant(), config);
    meters.count("microevent.plane.health.checks", "plane", id, "result", result == CheckResult.PASS ? "pass" : "fail");
    if (changed != null) {
      log.info("plane {} is now {} ({})", id, changed, why);
      meters.count("microevent.plane.health.transitions", "plane", id,
          "to", changed.name().toLowerCase(Locale.ROOT));
    }
  }

  private static double clampLoad(double load) {
    return Double.isNaN(load) ? Double.NaN : Math.max(0, Math.min(1, load));
  }

  @Override
  public synchronized void close() {
    closed = true;
    for (ScheduledFuture<?> f : pending) {
      f.cancel(false);
    }
    pending.clear();
  }
}
