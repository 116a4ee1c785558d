package dev.microevent.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.microevent.core.budget.ErrorBudgets;
import dev.microevent.core.config.ConfigSync;
import dev.microevent.core.oracle.HybridOracle;
import dev.microevent.core.spi.MicroEventModule;
import dev.microevent.core.spi.ModuleContext;
import dev.microevent.core.spi.ModuleRuntime;
import dev.microevent.core.spi.TransportBinding;
import dev.microevent.core.time.VirtualTime;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.ref.Reference;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The one plug-in point: a module registers through its context, on the builder or later. */
class ModuleInstallIT {
  private final VirtualTime time = VirtualTime.startingAt(Instant.parse("2026-06-01T18:00:00Z"));
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private TestPlane edge;

  @BeforeEach
  void start() throws Exception {
    edge = new TestPlane("edge-a");
  }

  @AfterEach
  void stop() {
    edge.close();
  }

  private MicroEventClient.Builder builder() {
    return MicroEventClient.builder().addEdgePlane(edge.edge(0)).clock(time.clock()).scheduler(time.scheduler())
        .meterRegistry(registry).healthChecksEnabled(false).configSyncInterval(Duration.ZERO);
  }

  /** A module made of a name and an install step. */
  private static MicroEventModule module(String name, Consumer<ModuleContext> install) {
    return new MicroEventModule() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public void install(ModuleContext context) {
        install.accept(context);
      }
    };
  }

  /** Registers one of everything and notes what happens to it. */
  private MicroEventModule everything(String name) {
    return module(name, ctx -> {
      ctx.transportBinder((intent, plane) -> {
        seen.add(name + " binds " + intent);
        return TransportBinding.DEFAULT;
      });
      ctx.addCallListener(new CallListener() {
        @Override
        public void onCall(CallEvent event) {
          seen.add(name + " heard " + event.outcome());
        }
      });
      ctx.addModeSource(new ServiceModeSource() {
        @Override
        public String name() {
          return name;
        }

        @Override
        public void bind(ModeSink sink) {
          seen.add(name + " bound");
        }
      });
      ctx.addModeListener(change -> seen.add(name + " saw " + change.to()));
      ctx.onClose(() -> seen.add(name + " closed"));
      ctx.runtime().meters().gauge("microevent.test.module", () -> 1, "module", name);
    });
  }

  @Test
  void aModuleInstalledOnTheBuilder_isInPlaceBeforeTheFirstCall() {
    try (MicroEventClient client = builder().install(everything("steering")).build()) {
      assertThat(seen).containsExactly("steering bound");

      client.call(Intent.READ, EdgeRequest.get("/v1/catalog"));
      client.modes().propose("ops", ServiceMode.REDUCED, "drill");

      assertThat(seen).containsExactly("steering bound", "steering binds READ", "steering heard SUCCESS",
          "steering saw REDUCED");
    }
    assertThat(seen).endsWith("steering closed");
  }

  @Test
  void closeHooksRunLastRegisteredFirst_once() {
    MicroEventClient client = builder()
        .install(module("a", ctx -> ctx.onClose(() -> seen.add("a closed"))))
        .install(module("b", ctx -> ctx.onClose(() -> seen.add("b closed"))))
        .build();

    client.close();
    client.close();

    assertThat(seen).containsExactly("b closed", "a closed");
  }

  @Test
  void aModuleThatFailsToInstall_failsTheBuild_andLeavesNothingBehind() {
    MicroEventClient.Builder b = builder()
        .install(everything("first"))
        .install(module("broken", ctx -> {
          throw new IllegalStateException("no slice plan");
        }));

    assertThatThrownBy(b::build).hasMessageContaining("no slice plan");

    assertThat(seen).as("what the first module registered was closed").contains("first closed");
    assertThat(time.pendingTasks()).as("no timer").isZero();
    assertThat(registry.getMeters()).noneMatch(m -> m instanceof Gauge);
  }

  @Test
  void oneTransportBinderOnly_theAppsOrOneModules() {
    assertThatThrownBy(() -> builder().transportBinder((i, p) -> TransportBinding.DEFAULT)
        .install(everything("steering")).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("transport binder is set already");
    assertThatThrownBy(() -> builder().install(everything("x")).install(everything("x")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'x'");
  }

  @Test
  void aModuleInstalledLater_takesEffectForCallsThatStartAfterwards() {
    try (MicroEventClient client = builder().build()) {
      client.call(Intent.READ, EdgeRequest.get("/v1/catalog"));

      client.runtime().install(everything("power"));
      client.call(Intent.READ, EdgeRequest.get("/v1/catalog"));

      assertThat(seen).containsExactly("power bound", "power binds READ", "power heard SUCCESS");
      assertThatThrownBy(() -> client.runtime().install(everything("power")))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("installed already");
    }
    assertThat(seen).endsWith("power closed");
  }

  @Test
  void aWrappedClientWorksWithEveryModule_becauseItDelegatesTheRuntime() {
    try (MicroEventClient real = builder().build()) {
      MicroEventClient wrapped = new Wrapper(real);

      wrapped.runtime().install(everything("commerce"));
      wrapped.call(Intent.READ, EdgeRequest.get("/v1/catalog"));

      assertThat(seen).contains("commerce heard SUCCESS");
      assertThat(wrapped.runtime().clock()).isSameAs(time.clock());
    }
  }

  @Test
  void theRuntimeAnswersWithWhatTheBuilderWasGiven() {
    try (MicroEventClient client = builder().build()) {
      ModuleRuntime rt = client.runtime();

      assertThat(rt.clock()).isSameAs(time.clock());
      assertThat(rt.scheduler()).isSameAs(time.scheduler());
      assertThat(rt.meters().meterRegistry()).containsSame(registry);
      assertThat(rt.json().read(rt.json().write(List.of(1, 2)), int[].class)).containsExactly(1, 2);
    }
  }

  @Test
  void theRuntimeKnowsTheIntentsTheConfigDocumentMayName_theBuiltInsThenTheAppsOwn() {
    Intent loyalty = Intent.of("loyalty", Criticality.DEGRADED, Intent.Idempotence.IDEMPOTENT);
    Intent refunds = Intent.of("refunds", Criticality.CRITICAL, Intent.Idempotence.KEYED);
    try (MicroEventClient client = builder().policy(loyalty, IntentPolicy.defaultsFor(loyalty))
        .slo(refunds, dev.microevent.core.budget.Slo.percent(99.5)).build()) {
      Map<String, Intent> known = client.runtime().intents();

      assertThat(known.keySet()).containsExactly("payment", "gate_scan", "control", "read", "stream_uplink",
          "telemetry", "loyalty", "refunds");
      assertThat(known.get("loyalty")).isSameAs(loyalty);
      assertThatThrownBy(() -> known.put("x", loyalty)).isInstanceOf(UnsupportedOperationException.class);
    }
  }

  @Test
  void hooksRegisteredAfterCloseRunAtOnce() {
    MicroEventClient client = builder().build();
    client.close();

    client.runtime().onClose(() -> seen.add("late"));

    assertThat(seen).containsExactly("late");
    assertThatThrownBy(() -> client.runtime().install(everything("late")))
        .isInstanceOf(ClientClosedException.class);
  }

  /** A module's state that its clients over one core client share, for the attachment tests. */
  private static final class Shared {}

  @Test
  void anAttachmentIsMadeOncePerClient_andNoOtherClientSeesIt() {
    try (MicroEventClient one = builder().build(); MicroEventClient two = builder().build()) {
      Shared mine = one.runtime().attachment(Shared.class, Shared::new);

      assertThat(one.runtime().attachment(Shared.class, () -> {
        throw new AssertionError("made twice");
      })).isSameAs(mine);
      assertThat(two.runtime().attachment(Shared.class, Shared::new)).isNotSameAs(mine);
    }
  }

  @Test
  void aClosedClient_dropsItsAttachments_andMakesNoMore() {
    MicroEventClient client = builder().build();
    WeakReference<Shared> made = new WeakReference<>(client.runtime().attachment(Shared.class, Shared::new));

    client.close();

    try {
      assertThatThrownBy(() -> {
        var unused = client.runtime().attachment(Shared.class, Shared::new);
      }).isInstanceOf(ClientClosedException.class);
      await("the closed client keeps no attachment").atMost(Duration.ofSeconds(20)).until(() -> {
        System.gc();
        return made.get() == null;
      });
    } finally {
      // The client stays reachable to here: only close() can have let go of the attachment.
      Reference.reachabilityFence(client);
    }
  }

  /** A client that wraps another, as an app's decorator would: every method delegates. */
  private static final class Wrapper implements MicroEventClient {
    private final MicroEventClient real;

    Wrapper(MicroEventClient real) {
      this.real = real;
    }

    @Override
    public EdgeResponse call(Intent intent, EdgeRequest request) {
      return real.call(intent, request);
    }

    @Override
    public <T> T get(Intent intent, String path, Class<T> type) {
      return real.get(intent, path, type);
    }

    @Override
    public <T> T get(Intent intent, String path, TypeRef<T> type) {
      return real.get(intent, path, type);
    }

    @Override
    public <T> T post(Intent intent, String path, Object body, Class<T> type) {
      return real.post(intent, path, body, type);
    }

    @Override
    public ErrorBudgets errorBudgets() {
      return real.errorBudgets();
    }

    @Override
    public ConfigSync config() {
      return real.config();
    }

    @Override
    public HybridOracle oracle() {
      return real.oracle();
    }

    @Override
    public ServiceModes modes() {
      return real.modes();
    }

    @Override
    public List<PlaneStatus> planes() {
      return real.planes();
    }

    @Override
    public IntentPolicy policy(Intent intent) {
      return real.policy(intent);
    }

    @Override
    public ModuleRuntime runtime() {
      return real.runtime();
    }

    @Override
    public void close() {
      real.close();
    }
  }
}
