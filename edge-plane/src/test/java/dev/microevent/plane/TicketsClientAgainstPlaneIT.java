package dev.microevent.plane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microevent.commerce.tickets.EventId;
import dev.microevent.commerce.tickets.GateId;
import dev.microevent.commerce.tickets.GateStatus;
import dev.microevent.commerce.tickets.TicketsClient;
import dev.microevent.commerce.tickets.VerdictKind;
import dev.microevent.core.MicroEventClient;
import dev.microevent.core.Plane;
import dev.microevent.testkit.tickets.TicketFixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real gate (sdk-commerce's {@link TicketsClient}, the plane's key pinned) against the real
 * plane: it syncs the event's signed key list and revocation list, admits a valid ticket, and
 * after {@code plane tickets revoke} and one sync (a delta from the version it held) refuses it
 * as REVOKED; after the plane rotates its key, gates that pinned the old one follow its signed
 * hand-over.
 */
class TicketsClientAgainstPlaneIT {
  private static final String TOKEN = "tickets-it-token-0123456789";
  private static final String EVENT = "rooftop-2026-06-13";

  @TempDir
  Path dir;

  private final List<AutoCloseable> opened = new ArrayList<>();
  private EdgePlaneServer plane;
  private TicketFixtures fx;

  @BeforeEach
  void start() {
    plane = EdgePlaneServer.builder().port(0).planeId("venue-hub").adminToken(TOKEN).start();
    opened.add(plane);
    fx = TicketFixtures.of(EVENT, 2, Instant.now());
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : opened) {
      c.close();
    }
  }

  private Cli cli(String... args) {
    return Cli.run(plane.uri(), TOKEN, args);
  }

  private TicketsClient gate() {
    return gate(plane.signingPublicKey());
  }

  private TicketsClient gate(byte[] pinned) {
    MicroEventClient core = MicroEventClient.builder().addEdgePlane(Plane.edge("venue-hub", plane.uri(), 0))
        .healthChecksEnabled(false).build();
    opened.add(0, core);
    TicketsClient gate = TicketsClient.builder().client(core).event(EventId.of(EVENT)).gate(GateId.of("north-1"))
        .addPlaneKey(pinned).syncInterval(Duration.ZERO).build();
    opened.add(0, gate);
    return gate;
  }

  @Test
  void aGateSyncsFromThePlane_admitsAValidTicket_andRefusesItAsRevokedAfterTheCliRevokesIt() throws Exception {
    Path keys = dir.resolve("keys.json");
    Files.writeString(keys, "{\"keys\":[{\"format\":\"microevent-v1\",\"publicKey\":\""
        + Base64.getEncoder().encodeToString(fx.issuer().publicKey()) + "\"}]}", StandardCharsets.UTF_8);
    Cli pushed = cli("tickets", "keys-push", EVENT, keys.toString());
    assertThat(pushed.code()).as(pushed.err()).isEqualTo(PlaneCommand.OK);
    assertThat(pushed.out()).contains("version 1");
    Cli first = cli("tickets", "revoke", EVENT, fx.revokedId(), "--json");
    assertThat(first.code()).as(first.err()).isEqualTo(PlaneCommand.OK);
    assertThat(first.out()).contains("\"version\":1");

    TicketsClient gate = gate();
    GateStatus synced = gate.sync();
    assertThat(synced.keysVersion()).isEqualTo(1);
    assertThat(synced.revocationsVersion()).isEqualTo(1);
    assertThat(synced.refusedDocuments()).as(String.valueOf(synced.lastRefusal())).isZero();
    assertThat(gate.scan(fx.valid(0)).kind()).isEqualTo(VerdictKind.VALID);
    assertThat(gate.scan(fx.revoked()).kind()).isEqualTo(VerdictKind.REVOKED);

    Cli revoked = cli("tickets", "revoke", EVENT, TicketFixtures.id(0));
    assertThat(revoked.code()).as(revoked.err()).isEqualTo(PlaneCommand.OK);
    assertThat(revoked.out()).contains("revoked tickets", "version 2");
    GateStatus after = gate.sync();

    assertThat(after.revocationsVersion()).isEqualTo(2);
    assertThat(after.keysVersion()).isEqualTo(1);
    assertThat(after.refusedDocuments()).as(String.valueOf(after.lastRefusal())).isZero();
    assertThat(gate.scan(fx.valid(0)).kind()).isEqualTo(VerdictKind.REVOKED);
    assertThat(gate.scan(fx.valid(1)).kind()).isEqualTo(VerdictKind.VALID);
  }

  @Test
  void theCliRefusesAnInvalidKeyList_namingTheProblem_andPublishesNothing() throws Exception {
    Path keys = dir.resolve("bad.json");
    Files.writeString(keys, "{\"keys\":[{\"format\":\"microevent-v2\",\"publicKey\":\"AAAA\"}]}", StandardCharsets.UTF_8);
    Cli refused = cli("tickets", "keys-push", EVENT, keys.toString());
    assertThat(refused.code()).isEqualTo(PlaneCommand.REJECTED);
    assertThat(refused.err()).contains("invalid_document", "/keys/0/format");
    assertThat(Http.get(plane.uri(), "/edge/v1/tickets/" + EVENT + "/keys").statusCode()).isEqualTo(404);
  }

  @Test
  void aPlaneKeyRotation_isFollowedByGatesThroughTheSignedHandOver_oldAndNewAlike() throws Exception {
    Path keys = dir.resolve("keys.json");
    Files.writeString(keys, "{\"keys\":[{\"format\":\"microevent-v1\",\"publicKey\":\""
        + Base64.getEncoder().encodeToString(fx.issuer().publicKey()) + "\"}]}", StandardCharsets.UTF_8);
    assertThat(cli("tickets", "keys-push", EVENT, keys.toString()).code()).isEqualTo(PlaneCommand.OK);
    assertThat(cli("tickets", "revoke", EVENT, fx.revokedId()).code()).isEqualTo(PlaneCommand.OK);
    byte[] original = plane.signingPublicKey();
    TicketsClient before = gate(original);
    assertThat(before.sync().revocationsVersion()).isEqualTo(1);

    var rotated = Http.send(plane.uri(), "POST", "/admin/v1/keys/rotate", "", "Authorization", "Bearer " + TOKEN);
    assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
    assertThat(cli("tickets", "revoke", EVENT, TicketFixtures.id(0)).code()).isEqualTo(PlaneCommand.OK);
    GateStatus followed = before.sync();
    TicketsClient started = gate(original);
    GateStatus fresh = started.sync();

    assertThat(followed.refusedDocuments()).as(String.valueOf(followed.lastRefusal())).isZero();
    assertThat(followed.revocationsVersion()).as("a delta signed by the new key").isEqualTo(2);
    assertThat(before.scan(fx.valid(0)).kind()).isEqualTo(VerdictKind.REVOKED);
    assertThat(fresh.refusedDocuments()).as(String.valueOf(fresh.lastRefusal())).isZero();
    assertThat(fresh.keysVersion()).as("the key list, published before the rotation").isEqualTo(1);
    assertThat(fresh.revocationsVersion()).isEqualTo(2);
    assertThat(started.scan(fx.valid(1)).kind()).isEqualTo(VerdictKind.VALID);
    assertThat(started.scan(fx.valid(0)).kind()).isEqualTo(VerdictKind.REVOKED);
  }
}
