package dev.microevent.matter.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.microevent.core.MicroEventClient;
import dev.microevent.core.Plane;
import dev.microevent.core.fuzz.Fuzz;
import dev.microevent.matter.AttributePath;
import dev.microevent.matter.MatterClient;
import dev.microevent.matter.MatterException;
import dev.microevent.matter.MatterNodeId;
import dev.microevent.matter.MatterValue;
import dev.microevent.testkit.matter.FakeMatterController;
import dev.microevent.testkit.matter.FakeMatterNode;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Matter Server messages are outside bytes: results, errors, events and node dumps. Through
 * the decoder and every result reader, only typed {@link MatterException}s; through the client's
 * own socket-thread entry, nothing at all escapes, and a good message after the garbage still
 * lands. Each run prints its figures (target/surefire-reports/*-output.txt).
 */
class MatterWireFuzzTest {
  static final String NODE = "{\"node_id\":18446744069414584321,\"date_commissioned\":\"2026-12-01T10:00:00.000000\","
      + "\"last_interview\":\"2026-12-01T10:00:05.000000\",\"interview_version\":6,\"available\":true,"
      + "\"is_bridge\":true,\"attributes\":{\"0/40/9\":7,\"0/40/10\":\"2.1.7\",\"1/29/0\":[{\"0\":14,\"1\":1}],"
      + "\"2/6/0\":false,\"2/8/17\":null,\"2/57/17\":true,\"2/57/5\":\"Bridged light 1\",\"0/62/0\":\"AAEC\","
      + "\"0/40/18\":1.5},\"attribute_subscriptions\":[]}";
  static final String[] SEEDS = {
      "{\"fabric_id\":14568610893607323429,\"compressed_fabric_id\":1,\"schema_version\":13,"
          + "\"min_supported_schema_version\":11,\"sdk_version\":\"x\",\"wifi_credentials_set\":false,"
          + "\"thread_credentials_set\":false,\"bluetooth_enabled\":false}",
      "{\"message_id\":\"a1\",\"result\":[" + NODE + "]}",
      "{\"message_id\":\"a2\",\"result\":" + NODE + "}",
      "{\"message_id\":\"a3\",\"result\":{\"1/6/0\":true,\"1/8/0\":254}}",
      "{\"message_id\":\"a4\",\"result\":[{\"Path\":{\"EndpointId\":1,\"ClusterId\":6,\"AttributeId\":0},\"Status\":0}]}",
      "{\"message_id\":\"a5\",\"result\":{\"setup_pin_code\":20202021,\"setup_manual_code\":\"34970112332\","
          + "\"setup_qr_code\":\"MT:Y.K90AFN00KA0648G00\"}}",
      "{\"message_id\":\"a6\",\"result\":{\"192.0.2.2\":true,\"fe80::1\":false}}",
      "{\"message_id\":\"a7\",\"result\":null}",
      "{\"message_id\":\"a8\",\"error_code\":3,\"details\":\"Node 42 is not available\"}",
      "{\"event\":\"node_added\",\"data\":" + NODE + "}",
      "{\"event\":\"node_updated\",\"data\":" + NODE + "}",
      "{\"event\":\"node_removed\",\"data\":18446744069414584321}",
      "{\"event\":\"attribute_updated\",\"data\":[42,\"1/6/0\",true]}",
      "{\"event\":\"node_event\",\"data\":{\"node_id\":42,\"endpoint_id\":1,\"cluster_id\":59,\"event_id\":1,"
          + "\"event_number\":18446744073709551615,\"priority\":1,\"timestamp\":1733000000000,\"timestamp_type\":1,"
          + "\"data\":{\"newPosition\":1}}}",
      "{\"event\":\"server_info_updated\",\"data\":{\"fabric_id\":1,\"schema_version\":13}}",
      "{\"event\":\"endpoint_added\",\"data\":{\"node_id\":42,\"endpoint_id\":3}}",
      "{\"event\":\"server_shutdown\",\"data\":{}}",
      "{\"event\":\"network_topology_updated\",\"data\":{\"nodes\":[]}}",
  };
  static final String[] WORDS = {"message_id", "result", "error_code", "details", "event", "data", "node_id",
      "attributes", "available", "is_bridge", "18446744073709551616", "18446744069414584321", "\"1/6/0\"", "\"*/6/0\"",
      "\"65535/4294967295/4294967295\"", "-1", "1e400", "Status", "setup_pin_code", "schema_version"};

  private final Wire wire = new Wire(kind -> { });

  /** Everything a message can reach: the decoder, then every command's result reader. */
  private void decodeEverything(byte[] in) {
    Wire.Message m = wire.decode(Fuzz.utf8(in));
    if (m instanceof Wire.Result r) {
      JsonNode result = r.result();
      for (Runnable reader : new Runnable[] {
          () -> wire.nodes(result), () -> wire.node(result), () -> wire.serverInfo(result),
          () -> wire.attributeValues(result), () -> wire.writeStatus(AttributePath.onOff(1), result),
          () -> wire.pingResult(result), () -> wire.window(result), () -> wire.value(result)}) {
        try {
          reader.run();
        } catch (MatterException e) {
          // typed: each reader refuses what is not its shape
        }
      }
    }
  }

  @Test
  void serverMessages_throughTheDecoderAndEveryResultReader() {
    System.out.println(Fuzz.parser("Matter Server message", this::decodeEverything)
        .seeds(SEEDS).dictionary(WORDS).maxLength(16_384).typed(MatterException.class).run());
  }

  @Test
  void serverMessages_throughTheClientsSocketEntry_neverEscape_andAGoodMessageStillLands() throws Exception {
    long light = 42;
    try (FakeMatterController server = FakeMatterController.start();
        MicroEventClient core = MicroEventClient.builder().centralPlane(Plane.central(URI.create("http://127.0.0.1:9")))
            .healthChecksEnabled(false).configSyncInterval(Duration.ZERO).build()) {
      server.addNode(FakeMatterNode.onOffLight(light));
      DefaultMatterClient client = (DefaultMatterClient) MatterClient.builder().client(core).controller(server.url())
          .eventQueueCapacity(1 << 16).build();
      try {
        client.ready().get(30, TimeUnit.SECONDS);
        int gen = client.generation();
        System.out.println(Fuzz.parser("Matter Server message (client entry)", in -> client.onText(gen, Fuzz.utf8(in)))
            .seeds(SEEDS).dictionary(WORDS).maxLength(16_384).run());

        // The garbage may have removed or replaced node 42 in the cache: a good node_added, then a good update.
        client.onText(gen, "{\"event\":\"node_added\",\"data\":{\"node_id\":42,\"available\":true,"
            + "\"attributes\":{\"1/8/0\":1}}}");
        client.onText(gen, "{\"event\":\"attribute_updated\",\"data\":[42,\"1/8/0\",77]}");
        assertThat(client.node(MatterNodeId.of(light)).orElseThrow().attribute(AttributePath.currentLevel(1)))
            .hasValue(MatterValue.of(77));
        assertThat(client.readAttribute(MatterNodeId.of(light), AttributePath.onOff(1)).get(30, TimeUnit.SECONDS))
            .as("the client still answers commands after the garbage").isNotNull();
      } finally {
        client.close();
      }
    }
  }
}
