package dev.microevent.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The most severe proposal wins; shed calls fail fast, say why, and never touch the network. */
class ServiceModeIT {
  private TestPlane edge;
  private MicroEventClient client;
  private final AtomicReference<ServiceModeSource.ModeSink> power = new AtomicReference<>();
  private final List<ModeChange> changes = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    edge = new TestPlane("edge-a");
    client = MicroEventClient.builder()
        .addEdgePlane(edge.edge(0))
        .healthChecksEnabled(false)
        .addModeSource(new ServiceModeSource() {
          @Override
          public String name() {
            return "power";
          }

          @Override
          public void bind(ModeSink sink) {
            power.set(sink);
          }
        })
        .addModeListener(changes::add)
        .build();
  }

  @AfterEach
  void stop() {
    client.close();
    edge.close();
  }

  @Test
  void nonEssentialIsShedInCriticalOnly_withoutTouchingTheNetwork() {
    power.get().propose(ServiceMode.CRITICAL_ONLY, "runtime 9 min < 15 min");

    assertThatThrownBy(() -> client.call(Intent.TELEMETRY, EdgeRequest.get("/v1/events")))
        .isInstanceOfSatisfying(ShedException.class, e -> {
          assertThat(e.mode()).isEqualTo(ServiceMode.CRITICAL_ONLY);
          assertThat(e.intent()).isEqualTo(Intent.TELEMETRY);
          assertThat(e.getMessage()).contains("power: runtime 9 min < 15 min");
        });
    assertThatThrownBy(() -> client.call(Intent.READ, EdgeRequest.get("/v1/catalog")))
        .isInstanceOf(ShedException.class);
    assertThat(edge.appRequests).isEmpty();
    assertThat(client.call(Intent.PAYMENT, EdgeRequest.get("/v1/pay")).planeId()).isEqualTo("edge-a");
  }

  @Test
  void reducedModeShedsOnlyNonEssential() {
    client.modes().propose("operator", ServiceMode.REDUCED, "drop starts");

    assertThatThrownBy(() -> client.call(Intent.TELEMETRY, EdgeRequest.get("/v1/events")))
        .isInstanceOf(ShedException.class);
    assertThat(client.call(Intent.READ, EdgeRequest.get("/v1/catalog")).planeId()).isEqualTo("edge-a");
  }

  @Test
  void theMostSevereProposalWins_andWithdrawingItRestoresTheNextOne() {
    client.modes().propose("operator", ServiceMode.REDUCED, "drop starts");
    power.get().propose(ServiceMode.CRITICAL_ONLY, "battery low");
    assertThat(client.modes().current()).isEqualTo(ServiceMode.CRITICAL_ONLY);
    assertThat(client.modes().toString()).startsWith("CRITICAL_ONLY").contains("battery low", "operator=REDUCED");

    power.get().propose(ServiceMode.NORMAL, "solar back");
    assertThat(client.modes().current()).isEqualTo(ServiceMode.REDUCED);

    client.modes().propose("operator", ServiceMode.NORMAL, "drop over");
    assertThat(client.modes().current()).isEqualTo(ServiceMode.NORMAL);
    assertThat(changes).extracting(ModeChange::to)
        .containsExactly(ServiceMode.REDUCED, ServiceMode.CRITICAL_ONLY, ServiceMode.REDUCED, ServiceMode.NORMAL);
    assertThat(changes.get(1).source()).isEqualTo("power");
  }

  @Test
  void aWithdrawnSourceNoLongerCounts() {
    power.get().propose(ServiceMode.CRITICAL_ONLY, "battery low");
    client.modes().propose("operator", ServiceMode.REDUCED, "drop starts");

    client.modes().withdraw("power");

    assertThat(client.modes().current()).isEqualTo(ServiceMode.REDUCED);
    assertThat(client.modes().proposals()).containsOnlyKeys("operator");
  }

  @Test
  void listenersHearConcurrentChangesInTheOrderTheyWereApplied() throws Exception {
    List<ModeChange> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
    client.modes().addListener(heard::add);
    Thread[] proposers = new Thread[4];
    for (int t = 0; t < proposers.length; t++) {
      String source = "s" + t;
      proposers[t] = new Thread(() -> {
        for (int i = 0; i < 200; i++) {
          client.modes().propose(source, i % 2 == 0 ? ServiceMode.REDUCED : ServiceMode.NORMAL, "flip");
        }
      });
      proposers[t].start();
    }
    for (Thread t : proposers) {
      t.join();
    }

    for (int i = 1; i < heard.size(); i++) {
      assertThat(heard.get(i).from()).as("change %d starts where change %d ended", i, i - 1)
          .isEqualTo(heard.get(i - 1).to());
    }
    assertThat(heard.isEmpty() || heard.get(heard.size() - 1).to() == client.modes().current()).isTrue();
  }

  @Test
  void listenersAddedLaterHearChanges_untilTheyUnsubscribe() {
    List<ServiceMode> heard = new ArrayList<>();
    Subscription s = client.modes().addListener(c -> heard.add(c.to()));
    client.modes().propose("operator", ServiceMode.REDUCED, "test");
    s.close();
    client.modes().propose("operator", ServiceMode.NORMAL, "test");

    assertThat(heard).containsExactly(ServiceMode.REDUCED);
  }

  @Test
  void aThrowingListenerDoesNotBreakTheSwitch() {
    client.modes().addListener(c -> {
      throw new IllegalStateException("bad hook");
    });

    client.modes().propose("operator", ServiceMode.REDUCED, "test");

    assertThat(client.modes().current()).isEqualTo(ServiceMode.REDUCED);
    assertThat(changes).hasSize(1);
  }
}
