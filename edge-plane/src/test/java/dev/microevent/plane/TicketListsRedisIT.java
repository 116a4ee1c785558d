package dev.microevent.plane;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two planes of one venue sharing a real redis-server (and the venue's key) serve the same ticket
 * documents: what one publishes the other serves byte for byte with the same signature, the
 * versions continue across planes, and a delta made on either plane is the same document.
 */
class TicketListsRedisIT {
  private static final String TOKEN = "tickets-redis-token-0123456789";

  @TempDir
  Path dir;

  private static String[] auth() {
    return new String[] {"Authorization", "Bearer " + TOKEN};
  }

  private static void sameDocument(URI a, URI b, String path) {
    HttpResponse<String> fromA = Http.get(a, path);
    HttpResponse<String> fromB = Http.get(b, path);
    assertThat(fromA.statusCode()).as(path).isEqualTo(200);
    assertThat(fromB.body()).as(path).isEqualTo(fromA.body());
    assertThat(fromB.headers().firstValue("Microevent-Signature"))
        .isEqualTo(fromA.headers().firstValue("Microevent-Signature"));
    assertThat(fromB.headers().firstValue("ETag")).isEqualTo(fromA.headers().firstValue("ETag"));
  }

  @Test
  void twoPlanesOfAVenue_serveTheSameSignedTicketLists_andContinueEachOthersVersions() {
    PlaneKey key = PlaneKey.generate();
    try (LocalProcess redis = LocalProcess.redis(dir)) {
      URI redisUri = URI.create("redis://127.0.0.1:" + redis.port() + "/0");
      try (EdgePlaneServer a = EdgePlaneServer.builder().port(0).planeId("hub-a").signingKey(key).adminToken(TOKEN)
              .store(PlaneStore.redis(redisUri, "tickets-it")).start();
          EdgePlaneServer b = EdgePlaneServer.builder().port(0).planeId("hub-b").signingKey(key).adminToken(TOKEN)
              .store(PlaneStore.redis(redisUri, "tickets-it")).start()) {
        String keys = "{\"keys\":[{\"format\":\"microevent-v1\",\"publicKey\":\""
            + Base64.getEncoder().encodeToString(PlaneKey.generate().publicKey()) + "\"}]}";
        assertThat(Http.send(a.uri(), "PUT", "/admin/v1/tickets/ev-1/keys", keys, auth()).statusCode()).isEqualTo(200);
        assertThat(Http.post(a.uri(), "/admin/v1/tickets/ev-1/revocations", "{\"revoke\":[\"T-1\"]}", auth()).body())
            .contains("\"version\":1");
        assertThat(Http.post(b.uri(), "/admin/v1/tickets/ev-1/revocations", "{\"block\":[\"T-2\"]}", auth()).body())
            .contains("\"version\":2");
        assertThat(Http.post(a.uri(), "/admin/v1/tickets/ev-1/revocations", "{\"revoke\":[\"T-3\"]}", auth()).body())
            .contains("\"version\":3");

        sameDocument(a.uri(), b.uri(), "/edge/v1/tickets/ev-1/keys");
        sameDocument(a.uri(), b.uri(), "/edge/v1/tickets/ev-1/revocations");
        sameDocument(a.uri(), b.uri(), "/edge/v1/tickets/ev-1/revocations?since=1");
        assertThat(Http.get(b.uri(), "/edge/v1/tickets/ev-1/revocations").body())
            .contains("\"revoked\":[\"T-1\",\"T-3\"]", "\"blocked\":[\"T-2\"]");
        assertThat(Http.get(a.uri(), "/edge/v1/tickets/ev-1/revocations?since=1").body())
            .contains("\"baseVersion\":1", "\"revoke\":[\"T-3\"]", "\"block\":[\"T-2\"]", "\"unblock\":[]");
        assertThat(Http.get(b.uri(), "/edge/v1/tickets/ev-1/revocations?since=3").statusCode()).isEqualTo(304);
      }
    }
  }
}
