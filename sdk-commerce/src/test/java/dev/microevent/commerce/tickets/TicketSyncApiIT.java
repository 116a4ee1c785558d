package dev.microevent.commerce.tickets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microevent.commerce.ApiSpec;
import dev.microevent.commerce.tickets.internal.KeyListDocument;
import dev.microevent.testkit.FakeEdgePlane;
import dev.microevent.testkit.TicketDocuments;
import dev.microevent.testkit.tickets.FakeTicketIssuer;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Schema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/edge-plane-api.yaml says what the gate reads and what the fake plane serves: the ticket
 * endpoints are documented, every body the fake serves (key list, full list, delta) validates
 * against its schema, its signature header matches the documented pattern, and a key list the
 * SDK writes validates too.
 */
class TicketSyncApiIT {
  private static ApiSpec spec;

  @BeforeAll
  static void readTheSpec() throws Exception {
    spec = ApiSpec.read("edge-plane-api.yaml");
  }

  private static HttpResponse<String> get(FakeEdgePlane edge, String pathAndQuery) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(edge.uri() + pathAndQuery)).build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private static String signaturePattern(String path) {
    Schema<?> s = spec.api().getPaths().get(path).getGet().getResponses().get("200").getHeaders()
        .get("Microevent-Signature").getSchema();
    return s.getPattern();
  }

  @Test
  void ticketEndpointsAreDocumented_andWhatTheFakeServesValidates() throws Exception {
    String keys = "/edge/v1/tickets/{event}/keys";
    String revocations = "/edge/v1/tickets/{event}/revocations";
    assertThat(spec.api().getPaths().get(keys).readOperationsMap()).containsOnlyKeys(PathItem.HttpMethod.GET);
    assertThat(spec.api().getPaths().get(revocations).readOperationsMap()).containsOnlyKeys(PathItem.HttpMethod.GET);
    FakeTicketIssuer boxOffice = FakeTicketIssuer.generate();
    try (FakeEdgePlane edge = FakeEdgePlane.start("venue-hub")) {
      edge.tickets().publishKeys("ev-1", List.of(boxOffice.key(),
          new TicketDocuments.Key(FakeTicketIssuer.generate().publicKey(), true, Instant.parse("2026-06-01T00:00:00Z"),
              Instant.parse("2026-06-20T00:00:00Z"))));
      edge.tickets().revoke("ev-1", "T-1");
      edge.tickets().block("ev-1", "T-2");
      edge.tickets().unblock("ev-1", "T-2");

      HttpResponse<String> k = get(edge, "/edge/v1/tickets/ev-1/keys");
      HttpResponse<String> full = get(edge, "/edge/v1/tickets/ev-1/revocations?since=0");
      HttpResponse<String> delta = get(edge, "/edge/v1/tickets/ev-1/revocations?since=1");
      HttpResponse<String> current = get(edge, "/edge/v1/tickets/ev-1/revocations?since=3");

      assertThat(spec.validate("TicketKeyList", k.body())).as(k.body()).isEmpty();
      assertThat(spec.validate("RevocationList", full.body())).as(full.body()).isEmpty();
      assertThat(spec.validate("RevocationDelta", delta.body())).as(delta.body()).isEmpty();
      assertThat(k.headers().firstValue("Microevent-Signature").orElseThrow()).matches(signaturePattern(keys));
      assertThat(full.headers().firstValue("Microevent-Signature").orElseThrow()).matches(signaturePattern(revocations));
      assertThat(k.headers().firstValue("ETag").orElseThrow()).matches("\"1-[0-9a-f]{16}\"");
      assertThat(current.statusCode()).isEqualTo(304);
      assertThat(get(edge, "/edge/v1/tickets/ev-2/keys").statusCode()).isEqualTo(404);
    }
    String written = new String(KeyListDocument.write("ev-1", 4, Instant.parse("2026-06-13T17:00:00Z"), 3600,
        List.of(new KeyListDocument.Entry(false, boxOffice.publicKey(), null, null))), StandardCharsets.UTF_8);
    assertThat(spec.validate("TicketKeyList", written)).as(written).isEmpty();
  }
}
