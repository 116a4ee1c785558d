package dev.microevent.matter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.microevent.core.MicroEventClient;
import dev.microevent.core.Plane;
import dev.microevent.core.SdkServiceException;
import dev.microevent.core.time.VirtualTime;
import dev.microevent.testkit.matter.FakeMatterController;
import dev.microevent.testkit.matter.FakeMatterNode;
import dev.microevent.testkit.matter.RecordedMatterCommand;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The controller client against {@link FakeMatterController}: every command over the real
 * envelope, events, typed errors, a dropped socket mid-command, deadlines on virtual time.
 */
class MatterClientIT {
  /** Above 2^63: the id only fits a long when read unsigned. */
  static final long BRIDGE_ID = Long.parseUnsignedLong("18446744069414584321");
  static final long LIGHT_ID = 42;
  static final Duration AWAIT = Duration.ofSeconds(30);

  final VirtualTime time = VirtualTime.startingAt(Instant.parse("2026-12-01T18:00:00Z"));
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final Events events = new Events();
  FakeMatterController server;
  MicroEventClient core;
  MatterClient client;

  /** Everything the listener heard, in order, as text. */
  static final class Events implements MatterListener {
    final List<String> heard = new CopyOnWriteArrayList<>();

    @Override
    public void onConnectionState(MatterConnectionState state) {
      heard.add("state " + state);
    }

    @Override
    public void onNodeAdded(MatterNode node) {
      heard.add("added " + node.id());
    }

    @Override
    public void onNodeUpdated(MatterNode node) {
      heard.add("updated " + node.id());
    }

    @Override
    public void onNodeRemoved(MatterNodeId nodeId) {
      heard.add("removed " + nodeId);
    }

    @Override
    public void onAvailabilityChanged(MatterNodeId nodeId, boolean available) {
      heard.add("available " + nodeId + " " + available);
    }

    @Override
    public void onAttributeUpdated(AttributeUpdate update) {
      heard.add("attribute " + update.nodeId() + " " + update.path() + " " + update.value());
    }
  }

  @BeforeEach
  void start() {
    server = FakeMatterController.start();
    server.addNode(FakeMatterNode.bridge(BRIDGE_ID, 2).withSoftwareVersion(7, "2.1.7"));
    server.addNode(FakeMatterNode.onOffLight(LIGHT_ID));
    core = MicroEventClient.builder().centralPlane(Plane.central(URI.create("http://127.0.0.1:9")))
        .healthChecksEnabled(false).configSyncInterval(Duration.ZERO)
        .clock(time.clock()).scheduler(time.scheduler()).meterRegistry(registry).build();
  }

  MatterClient connect(MatterClient.Builder builder) throws Exception {
    client = builder.client(core).controller(server.url()).addListener(events).build();
    client.ready().get(AWAIT.toSeconds(), TimeUnit.SECONDS);
    return client;
  }

  MatterClient connect() throws Exception {
    return connect(MatterClient.builder());
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    core.close();
    server.close();
  }

  static <T> T done(CompletableFuture<T> f) throws Exception {
    return f.get(AWAIT.toSeconds(), TimeUnit.SECONDS);
  }

  static Throwable failureOf(CompletableFuture<?> f) {
    try {
      f.get(AWAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new AssertionError("the command neither failed nor completed in time", e);
    }
    throw new AssertionError("the command succeeded, expected a failure");
  }

  /** The backoff runs on the virtual scheduler: moves time in small steps until the next connection is ready. */
  private void reconnect() {
    int next = server.connectionCount() + 1;
    await().atMost(AWAIT).until(() -> {
      time.advance(Duration.ofMillis(100));
      return server.connectionCount() >= next && client.state() == MatterConnectionState.READY;
    });
  }

  @Test
  void connecting_resyncsTheNodeDump_withBridgesAndUnsignedIds() throws Exception {
    connect();

    assertThat(client.state()).isEqualTo(MatterConnectionState.READY);
    assertThat(client.serverInfo().orElseThrow().fabricId().toString()).isEqualTo("14568610893607323429");
    assertThat(client.serverInfo().orElseThrow().schemaVersion()).isEqualTo(13);
    MatterNode bridge = client.node(MatterNodeId.of(BRIDGE_ID)).orElseThrow();
    assertThat(bridge.id().toString()).isEqualTo("18446744069414584321");
    assertThat(bridge.isBridge()).isTrue();
    assertThat(bridge.available()).isTrue();
    assertThat(bridge.softwareVersion()).hasValue(7);
    assertThat(bridge.softwareVersionString()).hasValue("2.1.7");
    assertThat(bridge.bridgedEndpoints()).containsExactly(2, 3);
    assertThat(bridge.bridgedReachable(2)).hasValue(true);
    assertThat(bridge.bridgedSoftwareVersion(3)).hasValue(103);
    assertThat(bridge.bridgedNodeLabel(2)).hasValue("Bridged light 1");
    assertThat(bridge.attribute(AttributePath.of(1, AttributePath.DESCRIPTOR_CLUSTER, 0)).orElseThrow()
        .asList().orElseThrow().get(0).member("0").orElseThrow().asLong()).hasValue(14);
    assertThat(bridge.attribute(AttributePath.of(2, 8, 17)).orElseThrow().isNull()).isTrue();
    assertThat(client.nodes()).extracting(MatterNode::id)
        .containsExactly(MatterNodeId.of(BRIDGE_ID), MatterNodeId.of(LIGHT_ID));
    assertThat(server.commands()).extracting(RecordedMatterCommand::command).containsExactly("start_listening");
    await().atMost(AWAIT).until(() -> events.heard.contains("state READY"));
    assertThat(events.heard).containsSubsequence("added 18446744069414584321", "added 42", "state READY");
  }

  @Test
  void everyCommand_goesOverTheRealEnvelope_andTheNodeAnswers() throws Exception {
    connect();
    MatterNodeId bridge = MatterNodeId.of(BRIDGE_ID);
    MatterNodeId light = MatterNodeId.of(LIGHT_ID);

    assertThat(done(client.fetchServerInfo()).compressedFabricId()).isNotNull();
    assertThat(done(client.fetchNodes(false))).hasSize(2);
    assertThat(done(client.fetchNode(bridge)).isBridge()).isTrue();

    server.commissionable("34970112332", FakeMatterNode.onOffLight(1));
    server.nextNodeId(Long.parseUnsignedLong("13835058055282163713"));
    MatterNode commissioned = done(client.commission("3497-011-2332"));
    assertThat(commissioned.id().toString()).isEqualTo("13835058055282163713");
    assertThat(server.commands("commission_with_code").get(0).args())
        .contains("\"code\":\"34970112332\"").contains("\"network_only\":true");
    await().atMost(AWAIT).until(() -> client.node(commissioned.id()).isPresent());

    CommissioningWindow window = done(client.openCommissioningWindow(light, Duration.ofMinutes(3)));
    assertThat(window.manualCode()).isEqualTo("34970112332");
    assertThat(window.toString()).doesNotContain("34970112332").doesNotContain("20202021");

    assertThat(done(client.readAttribute(light, AttributePath.onOff(1)))).isEqualTo(MatterValue.of(false));
    Map<AttributePath, MatterValue> onOffs = done(client.readAttributes(bridge, List.of(AttributePath.anyEndpoint(6, 0))));
    assertThat(onOffs).containsOnlyKeys(AttributePath.onOff(2), AttributePath.onOff(3));

    done(client.command(light, 1, ClusterCommand.toggle()));
    assertThat(done(client.readAttribute(light, AttributePath.onOff(1)))).isEqualTo(MatterValue.of(true));
    done(client.command(light, 1, ClusterCommand.off()));
    done(client.command(bridge, 3, ClusterCommand.moveToLevelWithOnOff(128, Duration.ofMillis(500))));
    assertThat(server.attributesOf(BRIDGE_ID)).containsEntry("3/8/0", 128).containsEntry("3/6/0", true);
    assertThat(server.commands("device_command").get(2).args()).contains("\"node_id\":18446744069414584321")
        .contains("\"command_name\":\"MoveToLevelWithOnOff\"").contains("\"transitionTime\":5");

    done(client.writeAttribute(light, AttributePath.of(0, 40, 5), MatterValue.of("Stage left")));
    assertThat(server.attributesOf(LIGHT_ID)).containsEntry("0/40/5", "Stage left");
    await().atMost(AWAIT).until(() -> client.node(light).orElseThrow().nodeLabel().orElse("").equals("Stage left"));

    assertThat(done(client.ping(bridge))).containsEntry("127.0.0.1", true);
    done(client.removeNode(light));
    await().atMost(AWAIT).until(() -> client.node(light).isEmpty());

    await().atMost(AWAIT).until(() -> events.heard.contains("removed 42"));
    assertThat(events.heard).containsSubsequence("added 13835058055282163713", "attribute 42 1/6/0 true",
        "attribute 42 1/6/0 false", "attribute 18446744069414584321 3/8/0 128", "attribute 42 0/40/5 \"Stage left\"",
        "removed 42");
  }

  @Test
  void serverErrorCodes_becomeTypedExceptions() throws Exception {
    connect();
    MatterNodeId light = MatterNodeId.of(LIGHT_ID);

    server.failNext("device_command", 3, "Node 42 is not (yet) available");
    Throwable notReady = failureOf(client.command(light, 1, ClusterCommand.on()));
    assertThat(notReady).isInstanceOf(MatterNodeUnavailableException.class).hasMessageContaining("not (yet) available");
    assertThat(((MatterServerException) notReady).matterErrorCode()).isEqualTo(MatterErrorCode.NODE_NOT_READY);
    assertThat(notReady).isInstanceOfSatisfying(SdkServiceException.class, e -> {
      assertThat(e.errorCode()).isEqualTo("3");
      assertThat(e.source()).startsWith("ws://");
    });
    assertThat(((MatterServerException) notReady).isRetryable()).isTrue();

    assertThat(failureOf(client.fetchNode(MatterNodeId.of(7)))).isInstanceOf(MatterNodeNotFoundException.class);
    Throwable commission = failureOf(client.commission("34970112332"));
    assertThat(commission).isInstanceOf(MatterCommissioningException.class).hasMessageNotContaining("34970112332");

    server.failNext("ping_node", 100, "IcdMultiAdmin");
    Throwable unknown = failureOf(client.ping(light));
    assertThat(unknown).isExactlyInstanceOf(MatterServerException.class);
    assertThat(((MatterServerException) unknown).matterErrorCode()).isEqualTo(MatterErrorCode.UNRECOGNIZED);
    assertThat(((MatterServerException) unknown).errorCode()).isEqualTo("100");
    assertThat(((MatterServerException) unknown).wireCode()).isEqualTo(100);

    server.answerNextRaw("write_attribute", "[{\"Path\":{\"EndpointId\":1,\"ClusterId\":6,\"AttributeId\":0},\"Status\":136}]");
    Throwable refused = failureOf(client.writeAttribute(light, AttributePath.onOff(1), MatterValue.of(true)));
    assertThat(refused).isInstanceOf(MatterWriteException.class);
    assertThat(((MatterWriteException) refused).status()).isEqualTo(0x88);

    server.answerNextRaw("get_node", "{\"node_id\":\"not a number\"}");
    assertThat(failureOf(client.fetchNode(light))).isInstanceOf(MatterProtocolException.class)
        .hasMessageContaining("node_id");
    assertThatThrownBy(() -> client.commission("MT:not-a-code")).isInstanceOf(PayloadException.class);
    assertThat(registry.get("microevent.matter.commands").tag("command", "device_command")
        .tag("outcome", "nodeunavailable").counter().count()).isEqualTo(1);
  }

  @Test
  void aSocketDroppedMidCommission_failsItTyped_reconnects_andResyncs() throws Exception {
    connect();
    server.commissionable("34970112332", FakeMatterNode.onOffLight(1));
    server.dropConnectionOn("commission_with_code");

    Throwable dropped = failureOf(client.commission("34970112332"));

    assertThat(dropped).isInstanceOf(MatterConnectionException.class);
    MatterConnectionException e = (MatterConnectionException) dropped;
    assertThat(e.reason()).isEqualTo(MatterConnectionException.Reason.CONNECTION_LOST);
    assertThat(e.mayHaveRun()).isTrue();
    assertThat(e.isRetryable()).isTrue();
    // While the client is away, a node goes and another comes: the resync tells.
    server.removeNode(LIGHT_ID);
    server.addNode(FakeMatterNode.onOffLight(77));
    reconnect();

    assertThat(server.connectionCount()).isEqualTo(2);
    assertThat(server.commands("commission_with_code")).as("never sent twice").hasSize(1);
    assertThat(server.commands("start_listening")).hasSize(2);
    assertThat(client.nodes()).extracting(n -> n.id().value()).containsExactly(BRIDGE_ID, 77L);
    await().atMost(AWAIT).until(() -> events.heard.lastIndexOf("state READY") > events.heard.indexOf("state RECONNECTING"));
    assertThat(events.heard).containsSubsequence("state RECONNECTING", "removed 42", "updated 18446744069414584321",
        "added 77", "state READY");
  }

  @Test
  void aSocketDroppedMidRead_sendsTheReadAgainAfterTheResync() throws Exception {
    connect();
    server.dropConnectionOn("read_attribute");

    CompletableFuture<MatterValue> read = client.readAttribute(MatterNodeId.of(LIGHT_ID), AttributePath.onOff(1));
    reconnect();

    assertThat(done(read)).isEqualTo(MatterValue.of(false));
    assertThat(server.commands("read_attribute")).hasSize(2);
  }

  @Test
  void aToggleInFlightIsNeverSentTwice_butAnOnIs() throws Exception {
    connect();
    MatterNodeId light = MatterNodeId.of(LIGHT_ID);
    server.dropConnectionOn("device_command");
    assertThat(failureOf(client.command(light, 1, ClusterCommand.toggle()))).isInstanceOf(MatterConnectionException.class);
    reconnect();

    server.dropConnectionOn("device_command");
    CompletableFuture<MatterValue> on = client.command(light, 1, ClusterCommand.on());
    reconnect();

    assertThat(done(on).isNull()).isTrue();
    assertThat(server.commands("device_command")).extracting(RecordedMatterCommand::args)
        .satisfiesExactly(t -> assertThat(t).contains("Toggle"), a -> assertThat(a).contains("\"On\""),
            b -> assertThat(b).contains("\"On\""));
    assertThat(server.attributesOf(LIGHT_ID)).containsEntry("1/6/0", true);
  }

  @Test
  void aSlowAnswer_failsAtTheCommandDeadline_onTheScheduler() throws Exception {
    connect(MatterClient.builder().commandTimeout(Duration.ofSeconds(10)));
    server.delayAnswers("read_attribute", Duration.ofHours(1));

    CompletableFuture<MatterValue> read = client.readAttribute(MatterNodeId.of(LIGHT_ID), AttributePath.onOff(1));
    await().atMost(AWAIT).until(() -> server.commands("read_attribute").size() == 1);
    time.advance(Duration.ofSeconds(9));
    assertThat(read).isNotDone();
    time.advance(Duration.ofSeconds(1));

    Throwable late = failureOf(read);
    assertThat(late).isInstanceOf(MatterTimeoutException.class).hasMessageContaining("read_attribute");
    assertThat(((MatterTimeoutException) late).deadline()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void commandsGivenWhileAway_waitForTheConnection() throws Exception {
    connect();
    server.dropConnections();
    await().atMost(AWAIT).until(() -> client.state() == MatterConnectionState.RECONNECTING);

    CompletableFuture<List<MatterNode>> nodes = client.fetchNodes(true);
    CompletableFuture<MatterValue> toggle = client.command(MatterNodeId.of(LIGHT_ID), 1, ClusterCommand.toggle());
    reconnect();

    assertThat(done(nodes)).hasSize(2);
    assertThat(done(toggle).isNull()).as("never handed to a socket: safe to send").isTrue();
  }

  @Test
  void unknownFieldsAndEvents_areIgnoredAndCounted_andMalformedMessagesSkipped() throws Exception {
    connect();
    server.emitRaw("{\"event\":\"network_topology_updated\",\"data\":{\"nodes\":[]}}");
    server.emitRaw("{\"event\":\"attribute_updated\",\"data\":[42,\"1/6/0\",true],\"extra\":1}");
    server.emitRaw("not json at all");
    server.emitRaw("{\"event\":\"attribute_updated\",\"data\":[0,\"1/6/0\",true]}");
    server.emitRaw("{\"event\":\"node_updated\",\"data\":{\"node_id\":42,\"available\":true,\"color\":\"blue\","
        + "\"attributes\":{\"1/6/0\":false,\"bogus\":1}}}");

    await().atMost(AWAIT).until(() -> events.heard.contains("updated 42"));
    assertThat(events.heard).containsSubsequence("attribute 42 1/6/0 true", "updated 42");
    assertThat(registry.get("microevent.matter.unknown").tag("kind", "event").counter().count()).isEqualTo(1);
    assertThat(registry.get("microevent.matter.unknown").tag("kind", "field").counter().count()).isEqualTo(2);
    assertThat(registry.get("microevent.matter.unknown").tag("kind", "attribute").counter().count()).isEqualTo(1);
    assertThat(registry.get("microevent.matter.malformed").counter().count()).isEqualTo(2);
    assertThat(done(client.readAttribute(MatterNodeId.of(LIGHT_ID), AttributePath.onOff(1)))).isNotNull();
  }

  @Test
  void anIncompatibleServer_failsReadyAndCommandsTyped() throws Exception {
    server.serverSchema(20, 20);
    client = MatterClient.builder().client(core).controller(server.url()).build();

    Throwable bad = failureOf(client.ready());

    assertThat(bad).isInstanceOf(MatterIncompatibleServerException.class).hasMessageContaining("upgrade the SDK");
    assertThat(client.state()).isEqualTo(MatterConnectionState.INCOMPATIBLE);
    assertThat(failureOf(client.fetchNodes(false))).isInstanceOf(MatterIncompatibleServerException.class);
    server.serverSchema(13, 11); // the server is replaced by a fitting one
    reconnect();
    assertThat(done(client.ready()).schemaVersion()).isEqualTo(13);
  }

  @Test
  void availabilityChanges_reachListeners_andTheNodeList() throws Exception {
    connect();
    server.setAvailable(LIGHT_ID, false);

    await().atMost(AWAIT).until(() -> events.heard.contains("available 42 false"));
    assertThat(client.node(MatterNodeId.of(LIGHT_ID)).orElseThrow().available()).isFalse();
    assertThat(events.heard).containsSubsequence("available 42 false", "updated 42");
    assertThat(failureOf(client.command(MatterNodeId.of(LIGHT_ID), 1, ClusterCommand.on())))
        .isInstanceOf(MatterNodeUnavailableException.class);
  }

  @Test
  void aThrowingListener_isSkipped_andTheOthersStillHear() throws Exception {
    MatterListener throwing = new MatterListener() {
      @Override
      public void onAttributeUpdated(AttributeUpdate update) {
        throw new IllegalStateException("boom");
      }
    };
    connect(MatterClient.builder().addListener(throwing));
    server.updateAttribute(LIGHT_ID, "1/6/0", true);
    server.updateAttribute(LIGHT_ID, "1/6/0", false);

    await().atMost(AWAIT).until(() -> events.heard.contains("attribute 42 1/6/0 false"));
    assertThat(registry.get("microevent.matter.listener.errors").counter().count()).isEqualTo(2);
  }

  @Test
  void close_failsWaitingCommandsTyped_andLeavesTheCoreClientOpen() throws Exception {
    connect();
    server.delayAnswers("get_nodes", Duration.ofHours(1));
    CompletableFuture<List<MatterNode>> waiting = client.fetchNodes(false);
    await().atMost(AWAIT).until(() -> server.commands("get_nodes").size() == 1);

    client.close();
    client.close();

    Throwable closed = failureOf(waiting);
    assertThat(closed).isInstanceOf(MatterConnectionException.class);
    assertThat(((MatterConnectionException) closed).reason()).isEqualTo(MatterConnectionException.Reason.CLIENT_CLOSED);
    assertThat(client.state()).isEqualTo(MatterConnectionState.CLOSED);
    assertThat(failureOf(client.fetchServerInfo())).isInstanceOf(MatterConnectionException.class);
    assertThat(core.runtime().scheduler().isShutdown()).isFalse();
    assertThat(registry.find("microevent.matter.events.queued").gauge()).isNull();
  }

  @Test
  void tooManyWaitingCommands_failTheNextOneTyped() throws Exception {
    connect(MatterClient.builder().maxPendingCommands(2));
    server.delayAnswers("get_nodes", Duration.ofHours(1));
    CompletableFuture<List<MatterNode>> first = client.fetchNodes(false);
    CompletableFuture<List<MatterNode>> second = client.fetchNodes(false);

    assertThat(failureOf(client.fetchNodes(false))).isInstanceOf(MatterOverloadedException.class);
    assertThat(first).isNotDone();
    assertThat(second).isNotDone();
  }

  @Test
  void aSlowListener_keepsOrder_andDropsTheOldestEventsCounted() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    List<Long> values = new CopyOnWriteArrayList<>();
    long[] dropped = new long[1];
    MatterListener slow = new MatterListener() {
      @Override
      public void onAttributeUpdated(AttributeUpdate update) {
        try {
          release.await(AWAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        values.add(update.value().asLong().orElseThrow());
      }

      @Override
      public synchronized void onEventsDropped(long count) {
        dropped[0] += count;
      }
    };
    connect(MatterClient.builder().eventQueueCapacity(16).addListener(slow));

    for (int i = 1; i <= 200; i++) {
      server.emitAttributeUpdate(LIGHT_ID, "1/8/0", i);
    }
    await().atMost(AWAIT).until(() -> client.node(MatterNodeId.of(LIGHT_ID)).orElseThrow()
        .attribute(AttributePath.currentLevel(1)).orElseThrow().equals(MatterValue.of(200)));
    release.countDown();

    await().atMost(AWAIT).until(() -> values.contains(200L));
    assertThat(values).isSorted().doesNotHaveDuplicates();
    assertThat(values.size() + dropped[0]).isEqualTo(200);
    assertThat(dropped[0]).isPositive();
    assertThat(registry.get("microevent.matter.events.dropped").counter().count()).isEqualTo((double) dropped[0]);
  }
}
