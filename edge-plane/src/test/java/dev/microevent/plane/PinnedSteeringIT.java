package dev.microevent.plane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microevent.core.EdgeRequest;
import dev.microevent.core.Intent;
import dev.microevent.core.MicroEventClient;
import dev.microevent.core.Plane;
import dev.microevent.core.SteeringRejectedException.Reason;
import dev.microevent.core.config.ConfigEvent;
import dev.microevent.core.config.SyncResult;
import dev.microevent.core.spi.TestSigner;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that pins the real plane's key, against the real plane and a rogue one on the venue
 * LAN (a Jetty handler on loopback, listed first so the client asks it first): a forged, a
 * re-signed and a replayed config document are each refused while the client keeps serving on its
 * last good document; the real plane's key rotation is followed through its signed hand-over.
 */
class PinnedSteeringIT {
  private static final String TOKEN = "pinned-steering-token-0123";
  private static final String V2 = "{\"version\":\"v2\",\"routes\":{\"read\":{\"preferredEdge\":\"venue-hub\"}}}";

  @TempDir
  Path dir;
  private CannedCentral central;
  private EdgePlaneServer plane;
  private Server rogue;
  /** What the rogue serves at /edge/v1/config: {header, body}, or null to answer 503. */
  private final AtomicReference<String[]> rogueServes = new AtomicReference<>();
  /** Config requests the rogue got, and how many it answered with the whole document (200). */
  private final AtomicInteger rogueAsked = new AtomicInteger();
  private final AtomicInteger rogueSentBody = new AtomicInteger();
  /** Whether the rogue passes the real plane's key chain through at /edge/v1/keys (else 503). */
  private final java.util.concurrent.atomic.AtomicBoolean rogueRelaysKeys = new java.util.concurrent.atomic.AtomicBoolean();
  private final List<ConfigEvent> events = new CopyOnWriteArrayList<>();
  private MicroEventClient client;
  private PlaneKey key;

  @BeforeEach
  void start() throws Exception {
    Path keyFile = dir.resolve("plane.key");
    key = PlaneKey.readOrCreate(keyFile);
    central = new CannedCentral();
    plane = EdgePlaneServer.builder().port(0).planeId("venue-hub").centralUri(central.uri()).signingKeyFile(keyFile)
        .adminToken(TOKEN).start();
    rogue = new Server();
    ServerConnector c = new ServerConnector(rogue, 1, 1);
    c.setHost("127.0.0.1");
    c.setPort(0);
    rogue.addConnector(c);
    rogue.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) {
        if (rogueRelaysKeys.get() && request.getHttpURI().getPath().equals("/edge/v1/keys")) {
          HttpResponse<String> keys = Http.get(plane.uri(), "/edge/v1/keys");
          response.setStatus(keys.statusCode());
          keys.headers().firstValue("Content-Type").ifPresent(v -> response.getHeaders().put("Content-Type", v));
          response.write(true, java.nio.ByteBuffer.wrap(keys.body().getBytes(StandardCharsets.UTF_8)), callback);
          return true;
        }
        String[] doc = rogueServes.get();
        if (doc == null || !request.getHttpURI().getPath().equals("/edge/v1/config")) {
          response.setStatus(503);
          callback.succeeded();
          return true;
        }
        rogueAsked.incrementAndGet();
        String etag = "\"rogue-" + System.identityHashCode(doc) + "\"";
        String ifNoneMatch = request.getHeaders().get("If-None-Match");
        // Like a real plane, it honours a conditional request naming any of the tags listed.
        if (ifNoneMatch != null && List.of(ifNoneMatch.split("\\s*,\\s*")).contains(etag)) {
          response.setStatus(304);
          response.getHeaders().put("ETag", etag);
          callback.succeeded();
          return true;
        }
        rogueSentBody.incrementAndGet();
        response.setStatus(200);
        response.getHeaders().put("Content-Type", "application/json");
        response.getHeaders().put("ETag", etag);
        response.getHeaders().put("Microevent-Signature", doc[0]);
        response.write(true, java.nio.ByteBuffer.wrap(doc[1].getBytes(StandardCharsets.UTF_8)), callback);
        return true;
      }
    });
    rogue.start();
    URI rogueUri = URI.create("http://127.0.0.1:" + c.getLocalPort());
    client = MicroEventClient.builder()
        .addEdgePlane(Plane.edge("rogue", rogueUri, 0))
        .addEdgePlane(Plane.edge("venue-hub", plane.uri(), 1))
        .healthChecksEnabled(false)
        .configSyncInterval(Duration.ZERO)
        .configFile(dir.resolve("client/config.json"))
        .addPlaneKey(key.keyId() + " " + key.publicKeyBase64())
        .build();
    client.config().addListener(events::add);
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    rogue.stop();
    plane.close();
    central.close();
  }

  private String[] served() {
    HttpResponse<String> r = Http.get(plane.uri(), "/edge/v1/config");
    return new String[] {r.headers().firstValue("Microevent-Signature").orElseThrow(), r.body()};
  }

  private void refused(String[] doc, Reason reason) {
    rogueServes.set(doc);
    assertThat(client.config().syncNow()).isEqualTo(SyncResult.REJECTED);
    assertThat(events.get(events.size() - 1).refusal()).isEqualTo(reason);
    assertThat(client.config().current().version()).as("the last good document stays").isEqualTo("v2");
    assertThat(client.call(Intent.READ, EdgeRequest.get("/v1/catalog")).planeId())
        .as("calls are still routed by it").isEqualTo("venue-hub");
  }

  @Test
  void forgedResignedAndReplayedDocuments_areRefused_whileTheClientServesOnItsLastGoodOne() {
    String[] first = served();
    HttpResponse<String> pushed = Http.send(plane.uri(), "PUT", "/admin/v1/config", V2, "Authorization", "Bearer " + TOKEN);
    assertThat(pushed.statusCode()).as(pushed.body()).isLessThan(300);
    String[] second = served();
    assertThat(client.config().syncNow()).isEqualTo(SyncResult.APPLIED);
    assertThat(client.config().current().version()).isEqualTo("v2");

    refused(new String[] {second[0], second[1].replace("venue-hub", "rogue")}, Reason.BAD_SIGNATURE);
    refused(new String[] {TestSigner.generate().sign("config", 3, second[1].replace("venue-hub", "rogue")),
        second[1].replace("venue-hub", "rogue")}, Reason.UNKNOWN_KEY);
    refused(first, Reason.REPLAYED);
    refused(new String[] {"", second[1]}, Reason.MALFORMED);
  }

  @Test
  void aRefusedDocument_isAskedForConditionally_andNeitherDownloadedNorVerifiedAgain_onLaterSyncs() {
    Http.send(plane.uri(), "PUT", "/admin/v1/config", V2, "Authorization", "Bearer " + TOKEN);
    assertThat(client.config().syncNow()).isEqualTo(SyncResult.APPLIED);
    String[] second = served();
    rogueServes.set(new String[] {second[0], second[1].replace("venue-hub", "rogue")});
    rogueAsked.set(0);
    rogueSentBody.set(0);

    for (int sync = 0; sync < 5; sync++) {
      assertThat(client.config().syncNow()).as("sync %d", sync).isEqualTo(SyncResult.REJECTED);
      assertThat(events.get(events.size() - 1).refusal()).as("sync %d", sync).isEqualTo(Reason.BAD_SIGNATURE);
    }

    assertThat(rogueAsked.get()).as("every sync still asks").isEqualTo(5);
    assertThat(rogueSentBody.get()).as("the refused bytes are downloaded once, then answered 304").isEqualTo(1);
    assertThat(client.config().current().version()).isEqualTo("v2");
  }

  @Test
  void aDocumentByTheRotatedKey_refusedWhileTheHandOverWasUnreachable_isCheckedAgainAndAppliedOnceItIsReachable() {
    Http.send(plane.uri(), "PUT", "/admin/v1/config", V2, "Authorization", "Bearer " + TOKEN);
    assertThat(client.config().syncNow()).isEqualTo(SyncResult.APPLIED);
    HttpResponse<String> rotated = Http.send(plane.uri(), "POST", "/admin/v1/keys/rotate", "", "Authorization",
        "Bearer " + TOKEN);
    assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
    Http.send(plane.uri(), "PUT", "/admin/v1/config", V2.replace("v2", "v3"), "Authorization", "Bearer " + TOKEN);
    rogueServes.set(served());
    rogueSentBody.set(0);

    for (int sync = 0; sync < 2; sync++) {
      assertThat(client.config().syncNow()).as("sync %d", sync).isEqualTo(SyncResult.REJECTED);
      assertThat(events.get(events.size() - 1).refusal()).isEqualTo(Reason.UNKNOWN_KEY);
    }
    assertThat(rogueSentBody.get()).as("an unknown key's document is not remembered as refused").isEqualTo(2);

    rogueRelaysKeys.set(true);
    assertThat(client.config().syncNow()).isEqualTo(SyncResult.APPLIED);
    assertThat(client.config().current().version()).isEqualTo("v3");
  }

  @Test
  void aRefusedDocument_fromAPlaneThatIgnoresConditions_isRefusedAgainWithoutVerifyingIt_andANewOneIsRead() {
    Http.send(plane.uri(), "PUT", "/admin/v1/config", V2, "Authorization", "Bearer " + TOKEN);
    assertThat(client.config().syncNow()).isEqualTo(SyncResult.APPLIED);
    String[] second = served();
    String forged = second[1].replace("venue-hub", "rogue");
    // A fresh array each time: a new ETag for the same bytes, so only their digest says it is the same.
    rogueServes.set(new String[] {second[0], forged});
    assertThat(client.config().syncNow()).isEqualTo(SyncResult.REJECTED);
    rogueServes.set(new String[] {second[0], forged});
    assertThat(client.config().syncNow()).isEqualTo(SyncResult.REJECTED);
    assertThat(events.get(events.size() - 1).problems()).as("refused as the same bytes, not verified again")
        .anySatisfy(p -> assertThat(p).contains("refused before"));

    refused(new String[] {"", second[1]}, Reason.MALFORMED);
  }

  @Test
  void aKeyRotationByThePlane_isFollowedThroughItsSignedHandOver_andTheOldKeyIsRefusedAfterwards() {
    Http.send(plane.uri(), "PUT", "/admin/v1/config", V2, "Authorization", "Bearer " + TOKEN);
    String[] byOldKey = served();
    assertThat(client.config().syncNow()).isEqualTo(SyncResult.APPLIED);

    HttpResponse<String> rotated = Http.send(plane.uri(), "POST", "/admin/v1/keys/rotate", "", "Authorization",
        "Bearer " + TOKEN);
    assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);

    assertThat(client.config().syncNow()).as("the re-signed document").isEqualTo(SyncResult.APPLIED);
    assertThat(plane.signingKeyId()).isNotEqualTo(key.keyId());
    refused(byOldKey, Reason.UNKNOWN_KEY);
  }
}
