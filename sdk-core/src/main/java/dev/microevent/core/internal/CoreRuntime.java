package dev.microevent.core.internal;

import dev.microevent.core.AttemptEvent;
import dev.microevent.core.CallListener;
import dev.microevent.core.ClientClosedException;
import dev.microevent.core.Intent;
import dev.microevent.core.ServiceModeListener;
import dev.microevent.core.ServiceModeSource;
import dev.microevent.core.spi.ConfigSection;
import dev.microevent.core.spi.JsonCodec;
import dev.microevent.core.spi.Meters;
import dev.microevent.core.spi.MicroEventModule;
import dev.microevent.core.spi.ModuleContext;
import dev.microevent.core.spi.ModuleRuntime;
import dev.microevent.core.spi.RemoteCalls;
import dev.microevent.core.spi.TransportBinder;
import dev.microevent.core.spi.WebSockets;
import dev.microevent.core.time.Ticker;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one client shares with its call pipeline and with every SDK module: clock and ticker,
 * scheduler and I/O pool, meters, the transport (OkHttp's pools), JSON, the remote-call and
 * WebSocket paths, and
 * the lifecycle (close hooks, run in reverse order of registration, then the client's own
 * threads and connections). Built first, by the client's constructor. Also where modules register
 * ({@link #install}): the transport binder, call listeners, mode sources and listeners.
 * Thread-safe.
 */
public final class CoreRuntime implements ModuleRuntime, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CoreRuntime.class);

  private final Clock clock;
  private final Ticker ticker;
  private final ScheduledExecutorService scheduler;
  private final boolean ownsScheduler;
  private final Executor io;
  private final @Nullable ExecutorService ownedIo;
  private final ClientMeters meters;
  private final Transport transport;
  private final Waiter waiter;
  private final @Nullable Random injectedRandom;
  private final Random jitter;
  private final DefaultRemoteCalls remote;
  private final DefaultWebSockets webSockets;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Deque<AutoCloseable> closeHooks = new ArrayDeque<>();
  private final Set<String> modules = new LinkedHashSet<>();
  /** Modules' shared state, by type; see {@link #attachment}. Emptied when the client closes. */
  private final ConcurrentMap<Class<?>, Object> attachments = new ConcurrentHashMap<>();
  private final ModuleSections configSections = new ModuleSections();
  private final Map<String, Intent> intents;
  private volatile TransportBinder binder;
  private volatile boolean binderSet;
  private volatile CallListener[] callListeners;
  /** The call listeners that override {@link CallListener#onAttempt}: an attempt's event is made only for them. */
  private volatile CallListener[] attemptListeners;
  private @Nullable ModeController modes;

  /**
   * Builds the shared parts from what the builder collected.
   *
   * @param settings the builder's settings
   */
  CoreRuntime(ClientSettings settings) {
    this.clock = settings.clock();
    this.ticker = settings.ticker();
    Map<String, Intent> known = new LinkedHashMap<>();
    for (Intent i : Intent.builtIns()) {
      known.put(i.name(), i);
    }
    settings.policies().keySet().forEach(i -> known.put(i.name(), i));
    settings.slos().keySet().forEach(i -> known.put(i.name(), i));
    this.intents = Collections.unmodifiableMap(known);
    this.injectedRandom = settings.random();
    this.jitter = injectedRandom != null ? injectedRandom : new Random();
    this.meters = new ClientMeters(settings.meterRegistry());
    ScheduledExecutorService given = settings.scheduler();
    this.ownsScheduler = given == null;
    this.scheduler = given != null ? given : defaultScheduler();
    Executor givenIo = settings.ioExecutor();
    this.ownedIo = givenIo == null && given == null ? defaultIo() : null;
    this.io = givenIo != null ? givenIo : ownedIo != null ? ownedIo : scheduler;
    this.transport = new Transport(new OkHttpClient.Builder(),
        settings.maxIdleConnections(), settings.connectionKeepAlive());
    this.waiter = Waiter.bounded(scheduler);
    TransportBinder givenBinder = settings.transportBinder();
    this.binder = givenBinder != null ? givenBinder : TransportBinder.DEFAULT;
    this.binderSet = givenBinder != null;
    this.callListeners = settings.callListeners().toArray(new CallListener[0]);
    this.attemptListeners = attemptListeners(callListeners);
    this.remote = new DefaultRemoteCalls(this);
    this.webSockets = new DefaultWebSockets(this);
  }

  private static ExecutorService defaultIo() {
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor pool = new ThreadPoolExecutor(0, 16, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
      Thread t = new Thread(r, "microevent-io-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    // Saturated: run it on the caller (the scheduler's thread) rather than drop it.
    pool.setRejectedExecutionHandler(new ThreadPoolExecutor.CallerRunsPolicy());
    return pool;
  }

  private static ScheduledExecutorService defaultScheduler() {
    AtomicInteger n = new AtomicInteger();
    return Executors.newScheduledThreadPool(2, r -> {
      Thread t = new Thread(r, "microevent-scheduler-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  // ---------------------------------------------------------------- the SPI

  @Override
  public Ticker ticker() {
    return ticker;
  }

  @Override
  public Map<String, Intent> intents() {
    return intents;
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public ScheduledExecutorService scheduler() {
    return scheduler;
  }

  @Override
  public Executor ioExecutor() {
    return io;
  }

  @Override
  public Meters meters() {
    return meters;
  }

  @Override
  public JsonCodec json() {
    return Json.codec();
  }

  @Override
  public RemoteCalls remote() {
    return remote;
  }

  @Override
  public WebSockets webSockets() {
    return webSockets;
  }

  @Override
  public void install(MicroEventModule module) {
    Objects.requireNonNull(module, "module");
    checkOpen();
    String name = Objects.requireNonNull(module.name(), "module.name()");
    synchronized (modules) {
      if (!modules.add(name)) {
        throw new IllegalStateException("a module named '" + name + "' is installed already");
      }
    }
    try {
      module.install(new Context(name));
    } catch (RuntimeException e) {
      configSections.removeOwner(name);
      synchronized (modules) {
        modules.remove(name);
      }
      throw e;
    }
    log.debug("module {} installed", name);
  }

  @Override
  public <T> T attachment(Class<T> type, Supplier<? extends T> ifAbsent) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(ifAbsent, "ifAbsent");
    checkOpen();
    Object a = attachments.computeIfAbsent(type, t -> Objects.requireNonNull(ifAbsent.get(), "ifAbsent.get()"));
    if (closed.get()) { // closed meanwhile: close() may have emptied the map before this was put
      attachments.clear();
      checkOpen();
    }
    return type.cast(a);
  }

  @Override
  public void onClose(AutoCloseable hook) {
    Objects.requireNonNull(hook, "hook");
    synchronized (closeHooks) {
      if (!closed.get()) {
        closeHooks.push(hook);
        return;
      }
    }
    closeQuietly(hook); // the client is closed already: close it now
  }

  /** Where one module registers; see {@link ModuleContext}. */
  private final class Context implements ModuleContext {
    private final String module;

    Context(String module) {
      this.module = module;
    }

    @Override
    public ModuleRuntime runtime() {
      return CoreRuntime.this;
    }

    @Override
    public void transportBinder(TransportBinder binder) {
      setBinder(Objects.requireNonNull(binder, "binder"), "module " + module);
    }

    @Override
    public void addCallListener(CallListener listener) {
      CoreRuntime.this.addCallListener(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void addModeSource(ServiceModeSource source) {
      Objects.requireNonNull(source, "source");
      modes().bind(source);
    }

    @Override
    public void addModeListener(ServiceModeListener listener) {
      modes().addListener(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void addConfigSection(ConfigSection<?> section) {
      configSections.register(section, module);
    }

    @Override
    public void onClose(AutoCloseable hook) {
      CoreRuntime.this.onClose(hook);
    }
  }

  private synchronized void setBinder(TransportBinder next, String by) {
    if (binderSet) {
      throw new IllegalStateException("a transport binder is set already; " + by + " cannot set another: give the"
          + " builder's transportBinder(...) or install one module that binds transports, not both");
    }
    binder = next;
    binderSet = true;
  }

  private synchronized void addCallListener(CallListener listener) {
    CallListener[] now = callListeners;
    CallListener[] next = Arrays.copyOf(now, now.length + 1);
    next[now.length] = listener;
    callListeners = next;
    attemptListeners = attemptListeners(next);
  }

  /** Whether a listener class overrides {@link CallListener#onAttempt}, asked once per class. */
  private static final ClassValue<Boolean> HEARS_ATTEMPTS = new ClassValue<>() {
    @Override
    protected Boolean computeValue(Class<?> type) {
      try {
        return type.getMethod("onAttempt", AttemptEvent.class).getDeclaringClass() != CallListener.class;
      } catch (NoSuchMethodException e) {
        return true; // cannot tell: give it every attempt
      }
    }
  };

  private static CallListener[] attemptListeners(CallListener[] all) {
    return Arrays.stream(all).filter(l -> HEARS_ATTEMPTS.get(l.getClass())).toArray(CallListener[]::new);
  }

  private synchronized ModeController modes() {
    ModeController m = modes;
    if (m == null) {
      throw new IllegalStateException("the client's service modes are not ready yet");
    }
    return m;
  }

  // ---------------------------------------------------------------- for the client

  /** Connects the client's service modes, where modules' sources and listeners go. */
  /** The config sections modules own. */
  ModuleSections configSections() {
    return configSections;
  }

  synchronized void attach(ModeController modes) {
    this.modes = modes;
  }

  /** How each attempt's connection leaves the device. */
  TransportBinder binder() {
    return binder;
  }

  /** The call listeners in force: the app's, then the modules'. Read per call; never modified. */
  CallListener[] callListeners() {
    return callListeners;
  }

  /** The call listeners that override {@link CallListener#onAttempt} (the default does nothing). Read per attempt. */
  CallListener[] attemptListeners() {
    return attemptListeners;
  }

  Transport transport() {
    return transport;
  }

  ClientMeters clientMeters() {
    return meters;
  }

  Waiter waiter() {
    return waiter;
  }

  /** Jitter of health-check intervals and ejection times: the injected random, else the client's own. */
  Random jitter() {
    return jitter;
  }

  /** Where ids and backoff jitter come from: the injected random, else the uncontended thread-local one. */
  RandomGenerator random() {
    Random injected = injectedRandom;
    return injected != null ? injected : ThreadLocalRandom.current();
  }

  boolean isClosed() {
    return closed.get();
  }

  /**
   * Refuses work on a closed client.
   *
   * @throws ClientClosedException if the client was closed
   */
  void checkOpen() {
    if (closed.get()) {
      throw new ClientClosedException("the client is closed: nothing was sent; build a new client");
    }
  }

  /**
   * Closes the hooks (the client's parts and the modules', last registered first), then the
   * transport, the meters' gauges and the threads this runtime created. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    while (true) {
      AutoCloseable hook;
      synchronized (closeHooks) {
        hook = closeHooks.poll();
      }
      if (hook == null) {
        break;
      }
      closeQuietly(hook);
    }
    attachments.clear();
    webSockets.close();
    transport.close();
    meters.close();
    if (ownsScheduler) {
      scheduler.shutdownNow();
    }
    if (ownedIo != null) {
      ownedIo.shutdownNow();
    }
  }

  private static void closeQuietly(AutoCloseable hook) {
    try {
      hook.close();
    } catch (Exception e) { // a hook's failure must not stop the others
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      log.warn("closing {} failed; closing the rest", hook, e);
    }
  }
}
