package dev.microevent.slices.internal;

import dev.microevent.core.ResponseMappingException;
import dev.microevent.core.SdkException;
import dev.microevent.core.SdkServiceException;
import dev.microevent.core.internal.Backoff;
import dev.microevent.core.internal.Json;
import dev.microevent.core.spi.Meters;
import dev.microevent.slices.camara.CamaraConfig;
import dev.microevent.slices.camara.CamaraConflictException;
import dev.microevent.slices.camara.CamaraNotFoundException;
import dev.microevent.slices.camara.ManagedQosSession;
import dev.microevent.slices.camara.NotificationSink;
import dev.microevent.slices.camara.QodClient;
import dev.microevent.slices.camara.QosReservation;
import dev.microevent.slices.camara.QosSession;
import dev.microevent.slices.camara.QosSessionEvent;
import dev.microevent.slices.camara.QosSessionEvent.Kind;
import dev.microevent.slices.camara.QosSessionId;
import dev.microevent.slices.camara.QosSessionListener;
import dev.microevent.slices.camara.QosSessionManager;
import dev.microevent.slices.camara.QosSessionRequest;
import dev.microevent.slices.camara.QosStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps reservations' QoS sessions up on the core client's scheduler: create for the time left,
 * extend ahead of expiry with bounded retries, re-create after an early end, release on close.
 *
 * <p>Every create is a billable session, so the pace is guarded three ways. Timing follows the
 * operator's own durations: a session's expiry on this client's clock is the local moment it
 * started (the create that made it, the notification that confirmed it) plus {@code expiresAt -
 * startedAt} as the operator reports them, so clocks hours apart change nothing. Retries, polls
 * and replacements of sessions that die young back off exponentially with jitter. And no
 * reservation makes more than {@link CamaraConfig#maxSessionCallsPerMinute()} calls in any
 * minute (deletes are counted but never held back: they stop the billing).
 */
final class DefaultQosSessionManager implements QosSessionManager {
  private static final Logger log = LoggerFactory.getLogger(DefaultQosSessionManager.class);
  static final String EVENT_TYPE = "org.camaraproject.quality-on-demand.v1.qos-status-changed";
  private static final int RELEASE_TRIES = 3;
  /** Slack for operators that round a session's start or expiry to whole seconds. */
  private static final Duration ROUNDING = Duration.ofSeconds(2);
  /** The longest pause of the exponential backoff (a longer Retry-After still wins). */
  static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
  /** A session replaced sooner than this after it was obtained died young: the next one waits. */
  static final Duration STEADY = Duration.ofMinutes(1);
  private static final Duration MINUTE = Duration.ofMinutes(1);
  /** Longer than any session can run (the wire's int32 seconds, extensions included, twice over). */
  private static final Duration MAX_TOTAL = QosSessionRequest.MAX_DURATION.multipliedBy(2);
  /** Clocks further apart than this are not believed: an adopted session is then placed as if in step. */
  private static final Duration MAX_SKEW = Duration.ofDays(7);

  private final QodClient qod;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  /** Where the operator calls run: the scheduler only times them. */
  private final Executor io;
  private final List<QosSessionListener> listeners;
  private final Meters meters;
  private final int maxCallsPerMinute;
  private final Random random;
  /**
   * How far the operator's clock reads ahead of this one, as last seen on a session this manager
   * created; only used to place a session it adopts, whose start it did not see.
   */
  private volatile @Nullable Duration operatorAhead;
  private final Set<Managed> live = ConcurrentHashMap.newKeySet();
  private final Map<QosSessionId, Managed> bySession = new ConcurrentHashMap<>();
  private volatile boolean closed;

  DefaultQosSessionManager(QodClient qod, Clock clock, ScheduledExecutorService scheduler, Executor io,
      List<QosSessionListener> listeners, Meters meters, int maxCallsPerMinute, Random random) {
    this.qod = qod;
    this.maxCallsPerMinute = maxCallsPerMinute;
    this.random = random;
    this.clock = clock;
    this.scheduler = scheduler;
    this.io = io;
    this.listeners = listeners;
    this.meters = meters;
    meters.gauge("microevent.slices.qos.sessions.active", live::size);
  }

  @Override
  public ManagedQosSession reserve(QosReservation reservation) {
    Objects.requireNonNull(reservation, "reservation");
    if (closed) {
      throw new IllegalStateException("the QoS session manager is closed; build a new SlicesClient");
    }
    Managed m = new Managed(reservation);
    live.add(m);
    if (closed) {
      // releaseAll() ran between the check above and the add, and did not see this one
      live.remove(m);
      throw new IllegalStateException("the QoS session manager is closed; build a new SlicesClient");
    }
    try {
      m.runAndWait(() -> m.create(true));
    } catch (SdkException refused) {
      live.remove(m);
      throw refused;
    }
    return m;
  }

  @Override
  public List<ManagedQosSession> sessions() {
    return List.copyOf(live);
  }

  @Override
  public void releaseAll() {
    closed = true;
    for (Managed m : new ArrayList<>(live)) {
      m.close();
    }
  }

  @Override
  public int handleNotification(@Nullable String authorization, byte[] body) {
    Objects.requireNonNull(body, "body");
    CamaraWire.CloudEventDto event;
    try {
      event = Json.read(body, CamaraWire.CloudEventDto.class);
    } catch (ResponseMappingException e) {
      log.debug("rejected a malformed QoD notification: {}", e.getMessage());
      return answered(400);
    }
    CamaraWire.EventDataDto data = event.data();
    if (!"1.0".equals(event.specversion()) || !EVENT_TYPE.equals(event.type()) || event.id() == null
        || event.source() == null || event.time() == null || data == null || data.sessionId() == null
        || data.qosStatus() == null) {
      return answered(400);
    }
    QosSessionId id;
    QosStatus status;
    try {
      id = QosSessionId.parse(data.sessionId());
      status = QosStatus.valueOf(data.qosStatus());
    } catch (IllegalArgumentException e) {
      return answered(400);
    }
    if (status == QosStatus.REQUESTED) {
      return answered(400);
    }
    // Authenticate before telling whether a session exists, so the answer leaks nothing.
    boolean known = false;
    for (Managed candidate : live) {
      NotificationSink sink = candidate.reservation.template().sink().orElse(null);
      known |= sink != null && tokenMatches(authorization, sink.accessToken());
    }
    if (!known) {
      // debug, not warn: anyone can POST to the sink, and must not be able to flood the logs
      log.debug("rejected a QoD notification with a wrong or no bearer token");
      return answered(401);
    }
    Managed m = bySession.get(id);
    if (m == null) {
      return answered(410);
    }
    NotificationSink sink = m.reservation.template().sink().orElse(null);
    if (sink == null || !tokenMatches(authorization, sink.accessToken())) {
      log.debug("QoD notification for reservation {} carried another reservation's token; rejected",
          m.reservation.name());
      return answered(401);
    }
    String info = data.statusInfo();
    m.step(() -> m.notified(id, status, info)); // the sink's thread never waits for an operator call
    return answered(204);
  }

  /** Counts a notification's answer ({@code microevent.slices.qos.notifications}, tagged by status). */
  private int answered(int status) {
    meters.count("microevent.slices.qos.notifications", "status", Integer.toString(status));
    return status;
  }

  private static boolean tokenMatches(@Nullable String authorization, String token) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    return MessageDigest.isEqual(authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8),
        token.getBytes(StandardCharsets.UTF_8));
  }

  private void fire(QosSessionEvent e) {
    meters.count("microevent.slices.qos.session.events", "kind", e.kind().name().toLowerCase(Locale.ROOT));
    if (e.failure() != null) {
      log.warn("QoS reservation {}: {} {} ({})", e.reservation(), e.kind(), e.detail(), e.failure().getMessage());
    } else {
      log.info("QoS reservation {}: {} {}", e.reservation(), e.kind(), e.detail());
    }
    for (QosSessionListener l : listeners) {
      try {
        l.onEvent(e);
      } catch (RuntimeException ex) {
        log.warn("QoS session listener {} threw; skipped", l, ex);
      }
    }
  }

  private static Duration ceilSeconds(Duration d) {
    long s = d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
    return Duration.ofSeconds(s);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /**
   * The pause before attempt {@code n} (1 = the first retry): {@code base} doubled each attempt up
   * to {@link #MAX_BACKOFF}, drawn at random from its upper half but never below {@code base}, so
   * the first retry comes after exactly {@code base}; a longer {@code Retry-After} wins.
   */
  Duration backoff(Duration base, int attempt, @Nullable SdkException e) {
    Duration d = base.compareTo(MAX_BACKOFF) < 0
        ? Backoff.upTo(base, MAX_BACKOFF).withJitter(Backoff.Jitter.equal()).atLeastInitial().delay(attempt, random)
        : base;
    if (e instanceof SdkServiceException s && s.retryAfter().isPresent()) {
      d = max(d, s.retryAfter().get());
    }
    return d;
  }

  /** A reservation reached its calls for the minute: what was to happen waits this long. */
  private static final class Throttled extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final Duration wait;

    Throttled(Duration wait) {
      super(null, null, false, false);
      this.wait = wait;
    }
  }

  /**
   * One reservation's session. Its state changes in steps that run one at a time (see {@link
   * #step}), never under a lock: an operator call that takes its time blocks no getter, no
   * notification and no other reservation. Getters read the volatile fields.
   */
  private final class Managed implements ManagedQosSession {
    private final QosReservation reservation;
    private volatile Instant until;
    private volatile @Nullable QosSessionId id;
    private volatile State state = State.PENDING;
    private volatile @Nullable QosStatus status;
    /** When the current session expires, on this client's clock. */
    private volatile @Nullable Instant expiresAt;
    /** When the current session started, on this client's clock; null while it has not (REQUESTED). */
    private @Nullable Instant startedLocally;
    /** When the current session was obtained (created or adopted), on this client's clock. */
    private @Nullable Instant obtainedAt;
    /** The last time the current session was seen REQUESTED: it started no earlier. */
    private @Nullable Instant requestedSeen;
    /** When the operator's notification said the current session became AVAILABLE. */
    private @Nullable Instant availableNotified;
    private @Nullable ScheduledFuture<?> timer;
    private int retries;
    /** Reads of a REQUESTED (or unreadable) session so far: they back off too. */
    private int polls;
    /** Sessions in a row that died young. */
    private int churn;
    /** This reservation's operator calls in the last minute. */
    private final ArrayDeque<Instant> recentCalls = new ArrayDeque<>();
    /** Steps waiting for their turn. */
    private final ConcurrentLinkedQueue<Runnable> steps = new ConcurrentLinkedQueue<>();
    /** Whether a thread has the turn: it runs one step, then hands the turn on. */
    private final AtomicBoolean turn = new AtomicBoolean();
    /** The thread running a step, so that a step (or a listener it calls) may run another inline. */
    private volatile @Nullable Thread runner;

    Managed(QosReservation reservation) {
      this.reservation = reservation;
      this.until = reservation.until();
    }

    /**
     * Runs a step after those already waiting: on this thread if none is waiting or running,
     * else it waits its turn on the I/O executor and this returns at once.
     */
    private void step(Runnable step) {
      if (Thread.currentThread() == runner) {
        step.run();
        return;
      }
      steps.add(step);
      if (turn.compareAndSet(false, true)) {
        runNext();
      }
    }

    /** With the turn: runs the next step, then hands the turn to the I/O executor if more wait. */
    private void runNext() {
      Runnable next = steps.poll();
      try {
        if (next != null) {
          runner = Thread.currentThread();
          next.run();
        }
      } catch (RuntimeException e) {
        log.warn("QoS reservation {}: a step failed; the reservation is kept up as far as it can be",
            reservation.name(), e);
      } finally {
        runner = null;
        turn.set(false);
        if (!steps.isEmpty() && turn.compareAndSet(false, true)) {
          try {
            io.execute(this::runNext);
          } catch (RejectedExecutionException e) {
            turn.set(false);
            log.warn("I/O executor is shut down; QoS reservation {} is no longer kept up", reservation.name());
          }
        }
      }
    }

    /** Runs a step and waits until it ran; what it throws, this throws. */
    private void runAndWait(Runnable step) {
      CompletableFuture<@Nullable Void> done = new CompletableFuture<>();
      step(() -> {
        try {
          step.run();
          done.complete(null);
        } catch (RuntimeException e) {
          done.completeExceptionally(e);
        }
      });
      try {
        done.join();
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : e;
      }
    }

    private void event(Kind kind, String detail, @Nullable SdkException failure) {
      fire(new QosSessionEvent(kind, reservation.name(), id, detail, clock.instant(), failure));
    }

    private boolean finished() {
      return state == State.RELEASED || state == State.ENDED || state == State.FAILED;
    }

    private Duration backoff(int attempt, @Nullable SdkException e) {
      return DefaultQosSessionManager.this.backoff(reservation.retryDelay(), attempt, e);
    }

    /**
     * Books one operator call against the reservation's calls a minute.
     *
     * @return now, when the call is made
     * @throws Throttled if the minute's calls are spent
     */
    private Instant spend() {
      Instant now = recentCalls(clock.instant());
      if (recentCalls.size() >= maxCallsPerMinute) {
        meters.count("microevent.slices.qos.calls.deferred");
        throw new Throttled(Duration.between(now, recentCalls.peekFirst().plus(MINUTE)));
      }
      recentCalls.addLast(now);
      return now;
    }

    /** Counts a delete: never held back (it stops the billing), but it takes its share of the minute. */
    private void spendOnRelease() {
      recentCalls.addLast(recentCalls(clock.instant()));
    }

    /** Forgets the calls older than a minute; returns {@code now}. */
    private Instant recentCalls(Instant now) {
      Instant windowStart = now.minus(MINUTE);
      while (!recentCalls.isEmpty() && !recentCalls.peekFirst().isAfter(windowStart)) {
        recentCalls.pollFirst();
      }
      return now;
    }

    private void deferred(Throttled t, String what, Runnable task) {
      log.warn("QoS reservation {} made {} operator calls in the last minute; {} waits {} ms", reservation.name(),
          maxCallsPerMinute, what, t.wait.toMillis());
      schedule(task, t.wait);
    }

    void create(boolean initial) {
      if (finished()) {
        return;
      }
      Instant now = clock.instant();
      Duration left = ceilSeconds(Duration.between(now, until));
      if (left.compareTo(Duration.ofSeconds(1)) < 0) {
        end("the reservation ended before a session was needed");
        return;
      }
      Duration ask = left.compareTo(reservation.maxSessionDuration()) > 0 ? reservation.maxSessionDuration() : left;
      try {
        QosSession s;
        boolean ours = true;
        Instant sent = spend();
        try {
          s = qod.create(reservation.template().withDuration(ask));
        } catch (CamaraConflictException conflict) {
          QosSession existing = resolveConflict(conflict);
          if (existing != null) {
            s = existing;
            ours = false;
          } else {
            sent = spend();
            s = qod.create(reservation.template().withDuration(ask));
          }
        }
        adopt(s, sent, ours);
        retries = 0;
        polls = 0;
        event(Kind.CREATED, "asked " + ask.toSeconds() + " s, granted " + s.duration().toSeconds() + " s, "
            + s.status() + ", expires " + expiresAt, null);
        if (s.status() == QosStatus.REQUESTED) {
          schedule(this::refresh, backoff(++polls, null)); // poll in case no notification comes
        } else {
          scheduleNext();
        }
      } catch (Throttled t) {
        deferred(t, "the create", () -> create(false));
      } catch (SdkException e) {
        if (!e.isRetryable()) {
          if (initial) {
            state = State.FAILED;
            throw e;
          }
          giveUp("create refused", e);
          return;
        }
        if (retries++ < reservation.maxRetries()) {
          Duration delay = backoff(retries, e);
          event(Kind.CREATE_FAILED, "retry " + retries + " of " + reservation.maxRetries() + " in "
              + delay.toSeconds() + " s", e);
          schedule(() -> create(false), delay);
        } else {
          giveUp("create failed " + retries + " times", e);
        }
      }
    }

    /**
     * A session for this device and flow already exists: one whose create answer was lost, or
     * one a previous run of the app left. Sessions belong to the API client, so it is ours: adopt
     * a live one rather than leak it; delete a dead one so a new one can be created.
     *
     * @return the live session to adopt, or {@code null} after clearing dead ones
     * @throws CamaraConflictException if no session of this flow explains the conflict
     */
    private @Nullable QosSession resolveConflict(CamaraConflictException conflict) {
      QosSessionRequest t = reservation.template();
      spend();
      List<QosSession> same = qod.retrieveByDevice(t.device().orElse(null)).stream()
          .filter(x -> x.applicationServer().equals(t.applicationServer()) && x.qosProfile().equals(t.qosProfile()))
          .toList();
      for (QosSession x : same) {
        if (x.status() != QosStatus.UNAVAILABLE) {
          log.info("QoS reservation {}: adopting the operator's existing session {}", reservation.name(),
              x.sessionId());
          return x;
        }
      }
      if (same.isEmpty()) {
        throw conflict;
      }
      for (QosSession x : same) {
        try {
          spendOnRelease();
          qod.delete(x.sessionId());
        } catch (CamaraNotFoundException alreadyGone) {
          // fine: it is gone
        }
      }
      return null;
    }

    private void giveUp(String what, SdkException e) {
      event(Kind.GAVE_UP, what, e);
      releaseAtOperator();
      state = State.FAILED;
      live.remove(this);
    }

    /**
     * Takes the operator's answer about a session as the current one, and places its expiry on
     * this client's clock from the operator's durations alone (never from its clock's reading).
     *
     * @param s the answer
     * @param sent when the call that got it was made, on this client's clock
     * @param ours whether this manager's create made the session (so it started at {@code sent})
     */
    private void adopt(QosSession s, Instant sent, boolean ours) {
      boolean same = s.sessionId().equals(id);
      if (!same) {
        if (id != null) {
          bySession.remove(id);
        }
        startedLocally = null;
        availableNotified = null;
        obtainedAt = sent;
      }
      id = s.sessionId();
      bySession.put(s.sessionId(), this);
      status = s.status();
      state = State.ACTIVE;
      Instant started = s.startedAt();
      Instant ends = s.expiresAt();
      Duration total = started != null && ends != null && !ends.isBefore(started)
          ? Duration.between(started, ends) : s.duration();
      total = min(total, MAX_TOTAL);
      if (s.status() == QosStatus.REQUESTED) {
        requestedSeen = sent;
        expiresAt = sent.plus(total); // not started: at the earliest, it runs from now
        return;
      }
      if (startedLocally == null) {
        startedLocally = startedLocally(started, total, sent, same, ours);
      }
      expiresAt = startedLocally.plus(total);
    }

    private Instant startedLocally(@Nullable Instant started, Duration total, Instant sent, boolean same,
        boolean ours) {
      if (same) {
        // It was REQUESTED: it started when the operator said so, or after it was last seen waiting.
        Instant notified = availableNotified;
        return notified != null ? notified : Objects.requireNonNullElse(requestedSeen, sent);
      }
      if (ours) {
        if (started != null) {
          Duration ahead = Duration.between(sent, started);
          operatorAhead = ahead.abs().compareTo(MAX_SKEW) <= 0 ? ahead : null;
        }
        return sent; // it started between the request and the answer: the earlier, to extend in time
      }
      // Adopted: its start is the operator's reading; place it by the operator's clock as last
      // seen (the same clock if never seen), within the last whole session (so an absurd reading
      // at worst makes it look due for extension now).
      Instant earliest = sent.minus(total);
      if (started == null || started.isBefore(earliest.minus(MAX_SKEW)) || started.isAfter(sent.plus(MAX_SKEW))) {
        return earliest;
      }
      Duration ahead = operatorAhead;
      Instant at = started.minus(ahead == null ? Duration.ZERO : ahead);
      return at.isBefore(earliest) ? earliest : at.isAfter(sent) ? sent : at;
    }

    private void schedule(Runnable task, Duration delay) {
      cancelTimer();
      try {
        timer = scheduler.schedule(() -> io.execute(() -> step(task)), Math.max(0, delay.toNanos()),
            TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException e) {
        log.warn("scheduler is shut down; QoS reservation {} is no longer kept up", reservation.name());
      }
    }

    private void cancelTimer() {
      ScheduledFuture<?> t = timer;
      if (t != null) {
        t.cancel(false);
        timer = null;
      }
    }

    /** Plans what happens next: extend ahead of expiry, or end (and delete) with the reservation. */
    private void scheduleNext() {
      Instant exp = Objects.requireNonNull(expiresAt);
      Instant now = clock.instant();
      if (!until.isAfter(exp)) {
        schedule(this::expire, until.isAfter(now) ? Duration.between(now, until) : Duration.ZERO);
        return;
      }
      Instant at = exp.minus(reservation.extendAhead());
      schedule(this::extend, at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
    }

    void extend() {
      if (state != State.ACTIVE || id == null) {
        return;
      }
      Instant exp = Objects.requireNonNull(expiresAt);
      Duration need = ceilSeconds(Duration.between(exp, until));
      if (need.compareTo(Duration.ofSeconds(1)) < 0) {
        scheduleNext();
        return;
      }
      if (need.compareTo(QosSessionRequest.MAX_DURATION) > 0) {
        need = QosSessionRequest.MAX_DURATION;
      }
      try {
        Instant sent = spend();
        QosSession s = qod.extend(id, need);
        adopt(s, sent, true);
        retries = 0;
        Instant granted = Objects.requireNonNull(expiresAt);
        boolean capped = !granted.isAfter(exp) || granted.plus(ROUNDING).isBefore(exp.plus(need));
        if (capped && granted.isBefore(until)) {
          // The operator caps a session's overall duration at its profile's maxDuration and
          // grants what is left: asking again would get nothing (and asking at once, again and
          // again, would hammer the operator). Hand over to a new session at expiry.
          event(Kind.EXTENDED, "by " + Duration.between(exp, granted).toSeconds() + " s of " + need.toSeconds()
              + " s asked (the profile's maximum duration is reached), now expires " + granted
              + "; a new session takes over then", null);
          schedule(this::renew, Duration.between(clock.instant(), granted));
          return;
        }
        event(Kind.EXTENDED, "by " + need.toSeconds() + " s, now expires " + expiresAt, null);
        scheduleNext();
      } catch (Throttled t) {
        deferred(t, "the extension", this::extend);
      } catch (CamaraNotFoundException gone) {
        lost("the operator no longer knows the session (extend answered 404)");
      } catch (SdkException e) {
        Instant now = clock.instant();
        Duration delay = backoff(retries + 1, e);
        if (e.isRetryable() && retries < reservation.maxRetries() && now.plus(delay).isBefore(exp)) {
          retries++;
          event(Kind.EXTEND_FAILED, "retry " + retries + " of " + reservation.maxRetries() + " in "
              + delay.toSeconds() + " s (expires " + exp + ")", e);
          schedule(this::extend, delay);
        } else {
          event(e.isRetryable() ? Kind.GAVE_UP : Kind.EXTEND_FAILED,
              "cannot extend; a new session will be created when this one expires at " + exp, e);
          retries = 0;
          schedule(this::renew, Duration.between(now, exp));
        }
      }
    }

    /**
     * The old session is over (expired or terminated): delete it and ask for a new one, at once if
     * it served a while, after a growing pause if it died young (a network that keeps ending
     * sessions, an operator that grants none) so that no loop of billable sessions runs.
     */
    void renew() {
      if (finished()) {
        return;
      }
      Instant obtained = obtainedAt;
      boolean young = obtained != null && Duration.between(obtained, clock.instant()).compareTo(STEADY) < 0;
      releaseAtOperator();
      state = State.PENDING;
      if (!young) {
        churn = 0;
        create(false);
        return;
      }
      Duration pause = backoff(++churn, null);
      meters.count("microevent.slices.qos.renewals.paused");
      log.warn("QoS reservation {}: its session lasted less than {} s ({} in a row); the next is asked for in {} s",
          reservation.name(), STEADY.toSeconds(), churn, pause.toSeconds());
      schedule(() -> create(false), pause);
    }

    void expire() {
      if (finished()) {
        return;
      }
      if (until.isAfter(clock.instant())) {
        renew();
        return;
      }
      end("the reservation reached its end at " + until);
    }

    private void end(String why) {
      cancelTimer();
      releaseAtOperator();
      state = State.ENDED;
      live.remove(this);
      event(Kind.ENDED, why, null);
    }

    /** Reads the session back: a REQUESTED one is confirmed (or lost) this way, with its real expiry. */
    void refresh() {
      QosSessionId current = id;
      if (finished() || current == null) {
        return;
      }
      QosSession s;
      Instant sent;
      try {
        sent = spend();
        s = qod.get(current);
      } catch (Throttled t) {
        deferred(t, "the status read", this::refresh);
        return;
      } catch (CamaraNotFoundException gone) {
        lost("the operator no longer knows the session");
        return;
      } catch (SdkException e) {
        schedule(this::refresh, backoff(++polls, e));
        return;
      }
      QosStatus before = status;
      if (s.status() == QosStatus.UNAVAILABLE) {
        lost("the operator reports it UNAVAILABLE (" + s.statusInfo() + ")");
        return;
      }
      adopt(s, sent, true);
      if (s.status() == QosStatus.REQUESTED) {
        schedule(this::refresh, backoff(++polls, null));
        return;
      }
      polls = 0;
      if (before != QosStatus.AVAILABLE) {
        event(Kind.AVAILABLE, "the operator reports the session AVAILABLE until " + expiresAt, null);
      }
      scheduleNext();
    }

    private void lost(String why) {
      event(Kind.LOST, why + "; it will be deleted and asked for again", null);
      retries = 0;
      schedule(this::renew, Duration.ZERO);
    }

    void notified(QosSessionId sessionId, QosStatus newStatus, @Nullable String info) {
      if (finished() || !sessionId.equals(id)) {
        return;
      }
      if (newStatus == QosStatus.AVAILABLE) {
        if (status != QosStatus.AVAILABLE) {
          availableNotified = clock.instant(); // it started just now: the operator tells at once
          schedule(this::refresh, Duration.ZERO); // learn the real duration
        }
        return;
      }
      status = newStatus;
      if ("DURATION_EXPIRED".equals(info)) {
        schedule(this::expire, Duration.ZERO);
        return;
      }
      if ("DELETE_REQUESTED".equals(info)) {
        // Our own deletes unregister the session before its event can arrive, so this one was
        // deleted by someone else (another client, the operator's portal): the QoS is gone.
        lost("the session was deleted outside this manager");
        return;
      }
      lost("the network ended the session (" + (info == null ? "no reason" : info) + ")");
    }

    /** Deletes the current operator session, if any; a 404 means it is already gone. */
    private void releaseAtOperator() {
      QosSessionId current = id;
      if (current == null) {
        return;
      }
      SdkException last = null;
      for (int i = 0; i < RELEASE_TRIES; i++) {
        try {
          spendOnRelease();
          qod.delete(current);
          last = null;
          break;
        } catch (CamaraNotFoundException gone) {
          last = null;
          break;
        } catch (SdkException e) {
          last = e;
          if (!e.isRetryable()) {
            break;
          }
        }
      }
      bySession.remove(current);
      if (last == null) {
        event(Kind.RELEASED, "deleted at the operator", null);
      } else {
        event(Kind.RELEASE_FAILED, "could not delete session " + current + "; it lapses at " + expiresAt
            + " unless deleted by hand", last);
      }
      id = null;
      expiresAt = null;
      startedLocally = null;
      obtainedAt = null;
      status = null;
    }

    @Override
    public QosReservation reservation() {
      return reservation;
    }

    @Override
    public Optional<QosSessionId> sessionId() {
      return Optional.ofNullable(id);
    }

    @Override
    public State state() {
      return state;
    }

    @Override
    public Optional<QosStatus> status() {
      return Optional.ofNullable(status);
    }

    @Override
    public Optional<Instant> expiresAt() {
      return Optional.ofNullable(expiresAt);
    }

    @Override
    public Instant until() {
      return until;
    }

    @Override
    public void extendUntil(Instant newUntil) {
      this.until = Objects.requireNonNull(newUntil, "until");
      step(() -> {
        if (state == State.ACTIVE) {
          scheduleNext();
        }
      });
    }

    @Override
    public void close() {
      runAndWait(() -> {
        if (finished()) {
          return;
        }
        cancelTimer();
        releaseAtOperator();
        state = State.RELEASED;
        live.remove(this);
      });
    }

    @Override
    public String toString() {
      return "ManagedQosSession{" + reservation.name() + ", " + state + "}";
    }
  }
}
