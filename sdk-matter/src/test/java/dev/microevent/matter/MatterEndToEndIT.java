package dev.microevent.matter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.microevent.core.MicroEventClient;
import dev.microevent.core.Plane;
import java.net.Inet4Address;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on a real Matter stack: a matter.js 0.17.9 virtual OnOff light ({@code device.mjs})
 * and a matter.js controller behind the Matter Server WebSocket API ({@code bridge.mjs}), both as
 * child processes. The SDK's {@link MatterClient} commissions the light with its pairing code,
 * toggles OnOff, reads it back and hears the change, then removes the node.
 *
 * <p>Commissioning discovers the device over mDNS, which needs a multicast-capable interface (not
 * {@code lo}): without one this test fails, naming the cause. Commissioning and toggling were
 * checked on this machine over eth0; the processes talk over this machine's own addresses only.
 */
class MatterEndToEndIT {
  /** Generous: commissioning took 1-2 s idle and 15 s under load here; an interview may retry. */
  static final Duration COMMISSIONING = Duration.ofMinutes(5);
  static final Duration STEP = Duration.ofMinutes(2);

  @BeforeAll
  static void matterJsIsInstalled() {
    MatterJs.requireInstalled();
  }

  /** The interface mDNS runs on: up, multicast, not loopback, with an address. */
  static Optional<String> multicastInterface() throws SocketException {
    List<NetworkInterface> all = NetworkInterface.networkInterfaces().toList();
    Optional<NetworkInterface> eth0 = all.stream().filter(i -> i.getName().equals("eth0")).findFirst();
    return (eth0.isPresent() ? List.of(eth0.get()) : all).stream().filter(i -> {
      try {
        return i.isUp() && i.supportsMulticast() && !i.isLoopback() && !i.isVirtual()
            && i.inetAddresses().anyMatch(a -> a instanceof Inet4Address || a.isLinkLocalAddress());
      } catch (SocketException e) {
        return false;
      }
    }).map(NetworkInterface::getName).findFirst();
  }

  @Test
  void theSdkCommissionsAMatterJsLight_togglesIt_readsItBack_andHearsTheChange(@TempDir Path deviceStorage,
      @TempDir Path controllerStorage) throws Exception {
    String iface = multicastInterface().orElseThrow(() -> new AssertionError("no multicast-capable network "
        + "interface (up, MULTICAST, not lo): Matter commissioning discovers the device over mDNS, which does not "
        + "work on loopback. Run this test on a host with one (check `ip link`: e.g. eth0 <BROADCAST,MULTICAST,UP>)."));
    long t0 = System.nanoTime();
    Process device = start("device", Map.of("STORAGE_DIR", deviceStorage.toString(), "PORT", "0",
        "LISTEN", "interface", "MATTER_MDNS_NETWORKINTERFACE", iface));
    Process bridge = null;
    try {
      bridge = start("bridge", Map.of("STORAGE_DIR", controllerStorage.toString(), "WS_PORT", "0",
          "MATTER_MDNS_NETWORKINTERFACE", iface));
      JsonNode deviceReady = MatterJs.awaitReady(device, "e2e-device");
      JsonNode bridgeReady = MatterJs.awaitReady(bridge, "e2e-bridge");
      String manualCode = deviceReady.get("manualPairingCode").asText();
      URI url = URI.create("ws://127.0.0.1:" + bridgeReady.get("port").asInt() + "/ws");
      long started = System.nanoTime();

      List<AttributeUpdate> heard = new CopyOnWriteArrayList<>();
      try (MicroEventClient core = MicroEventClient.builder()
              .centralPlane(Plane.central(URI.create("http://127.0.0.1:9"))).healthChecksEnabled(false)
              .configSyncInterval(Duration.ZERO).build();
          MatterClient matter = MatterClient.builder().client(core).controller(url)
              .commissioningTimeout(COMMISSIONING).commandTimeout(STEP)
              .addListener(new MatterListener() {
                @Override
                public void onAttributeUpdated(AttributeUpdate update) {
                  heard.add(update);
                }
              }).build()) {
        assertThat(matter.ready().get(STEP.toSeconds(), TimeUnit.SECONDS).schemaVersion()).isEqualTo(13);

        MatterNode light = matter.commission(ManualCode.format(ManualCode.parse(manualCode)))
            .get(COMMISSIONING.toSeconds() + 30, TimeUnit.SECONDS);
        long commissioned = System.nanoTime();
        assertThat(Long.compareUnsigned(light.id().value(), Long.MIN_VALUE)).as("node id above 2^63, read unsigned")
            .isGreaterThanOrEqualTo(0);
        assertThat(light.available()).isTrue();
        assertThat(light.vendorId()).hasValue(0xFFF1);
        assertThat(light.softwareVersion()).hasValue(1);
        MatterValue before = matter.readAttribute(light.id(), AttributePath.onOff(1)).get(STEP.toSeconds(),
            TimeUnit.SECONDS);
        boolean wasOn = before.asBoolean().orElseThrow();

        matter.command(light.id(), 1, ClusterCommand.toggle()).get(STEP.toSeconds(), TimeUnit.SECONDS);
        long toggled = System.nanoTime();
        // The controller's state follows its subscription: the new value arrives as an event first.
        await().atMost(STEP).until(() -> heard.stream().anyMatch(u -> u.nodeId().equals(light.id())
            && u.path().equals(AttributePath.onOff(1)) && u.value().equals(MatterValue.of(!wasOn))));
        MatterValue after = matter.readAttribute(light.id(), AttributePath.onOff(1)).get(STEP.toSeconds(),
            TimeUnit.SECONDS);
        assertThat(after).isEqualTo(MatterValue.of(!wasOn));
        assertThat(matter.node(light.id()).orElseThrow().attribute(AttributePath.onOff(1))).hasValue(after);
        long readBack = System.nanoTime();

        matter.removeNode(light.id()).get(STEP.toSeconds(), TimeUnit.SECONDS);
        await().atMost(STEP).until(() -> matter.node(light.id()).isEmpty());
        long removed = System.nanoTime();
        System.out.printf("matter.js end to end on %s: processes ready %d ms, commissioned %d ms, toggle + event %d ms, "
                + "read back %d ms, removed %d ms; node %s, OnOff %s -> %s%n", iface, ms(started - t0),
            ms(commissioned - started), ms(toggled - commissioned), ms(readBack - toggled), ms(removed - readBack),
            light.id(), wasOn, !wasOn);
      }
    } finally {
      MatterJs.stop(device);
      if (bridge != null) {
        MatterJs.stop(bridge);
        assertThat(bridge.isAlive()).as("the bridge process ended (pid " + bridge.pid() + ")").isFalse();
      }
      assertThat(device.isAlive()).as("the device process ended (pid " + device.pid() + ")").isFalse();
    }
  }

  private static Process start(String script, Map<String, String> env) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("node", script + ".mjs").directory(MatterJs.DIR.toFile())
        .redirectError(MatterJs.log("e2e-" + script).toFile());
    pb.environment().putAll(env);
    pb.environment().put("RUN_MS", "0");
    pb.environment().put("MATTER_LOG_LEVEL", "warn");
    pb.environment().put("MATTER_LOG_FORMAT", "plain");
    return pb.start();
  }

  private static long ms(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }
}
