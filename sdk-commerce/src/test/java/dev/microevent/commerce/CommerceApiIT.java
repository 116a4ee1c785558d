package dev.microevent.commerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.networknt.schema.Error;
import dev.microevent.core.EdgeRequest;
import dev.microevent.core.MicroEventClient;
import dev.microevent.core.HttpServiceException;
import dev.microevent.core.time.VirtualTime;
import dev.microevent.testkit.commerce.FakeCommerceBackend;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/commerce-api.yaml is valid OpenAPI 3 and says what the checkout really does: the calls the
 * client makes are documented, what it sends validates against the documented schemas, and so do
 * the answers of the reference fake it is tested against (fences included).
 */
class CommerceApiIT {
  private static final String CHECKOUTS = Loopback.CHECKOUTS;
  private static ApiSpec spec;
  private static OpenAPI api;

  private final Loopback net = new Loopback();
  private final VirtualTime time = VirtualTime.startingAt(Instant.parse("2026-06-01T18:00:00Z"));

  @BeforeAll
  static void readTheSpec() throws Exception {
    spec = ApiSpec.read("commerce-api.yaml");
    api = spec.api();
  }

  @AfterEach
  void close() throws Exception {
    net.close();
  }

  private static List<Error> validateComponent(String name, String json) {
    return spec.validate(name, json);
  }

  @Test
  void theSpecDocumentsTheCheckoutCalls_theFence_andTheAnswerToALateRequest() {
    assertThat(api.getOpenapi()).startsWith("3.");
    assertThat(api.getPaths().get(CHECKOUTS).getPost().getResponses())
        .containsKeys("201", "400", "402", "409", "410", "422");
    assertThat(api.getPaths().get(CHECKOUTS + "/{key}").readOperationsMap()).containsOnlyKeys(PathItem.HttpMethod.GET);
    PathItem fence = api.getPaths().get(CHECKOUTS + "/{key}/fence");
    assertThat(fence.readOperationsMap()).containsOnlyKeys(PathItem.HttpMethod.PUT);
    assertThat(fence.getPut().getResponses()).containsKeys("200");
    assertThat(api.getInfo().getVersion()).as("fences need 1.1").isEqualTo("1.1.0");
    assertThat(fence.getPut().getResponses()).containsKeys("200", "400", "410");
    assertThat(fence.getPut().getParameters()).extracting(p -> p.getName() + (p.getRequired() ? "!" : ""))
        .contains("X-Microevent-Client!", "X-Microevent-Key-Age");
    for (String state : List.of("PROCESSING", "PAID", "DECLINED", "FENCED", "ABANDONED")) {
      assertThat(validateComponent("CheckoutStatus", "{\"key\":\"k\",\"state\":\"" + state + "\"}")).isEmpty();
    }
  }

  @Test
  void whatTheClientSendsToResolve_andWhatTheFakeAnswers_matchTheSpec() throws Exception {
    MicroEventClient core = net.core(b -> b.clock(time.clock()));
    CommerceClient commerce = net.commerce(core);
    CheckoutRequest request = Loopback.request(Loopback.cartWithHoodie(commerce, "cart-spec"), "tok_visa");
    CheckoutResult lost = net.submitNeverReceived(commerce, request);
    time.advance(Duration.ofSeconds(9));

    assertThat(commerce.checkout().resolve(lost.checkoutId()).failureReason())
        .contains(CheckoutResult.FailureReason.NOT_RECEIVED);

    FakeCommerceBackend.RecordedCall fenceCall = net.backend.calls("PUT", CHECKOUTS + "/").get(0);
    assertThat(fenceCall.path()).isEqualTo(CHECKOUTS + "/" + lost.checkoutId().value() + "/fence");
    assertThat(fenceCall.header("X-Microevent-Client")).matches("[A-Za-z0-9._-]{1,64}");
    assertThat(fenceCall.header("X-Microevent-Key-Age")).as("the key's age in seconds").matches("[0-9]{1,12}");
    assertThat(commerce.checkout().submit(request).paid()).isTrue();
    String sent = net.checkoutPosts().get(0).body();
    assertThat(validateComponent("CheckoutRequest", sent)).as(sent).isEmpty();

    String fenceAnswer = new String(core.call(CommerceClient.ORDER_FLOW, EdgeRequest.builder("PUT", fenceCall.path())
        .header("X-Microevent-Client", fenceCall.header("X-Microevent-Client")).build()).body(), StandardCharsets.UTF_8);
    assertThat(fenceAnswer).contains("FENCED");
    assertThat(validateComponent("CheckoutStatus", fenceAnswer)).as(fenceAnswer).isEmpty();
    assertThatThrownBy(() -> core.call(dev.microevent.core.Intent.PAYMENT, EdgeRequest.builder("POST", CHECKOUTS)
        .idempotencyKey(lost.checkoutId().headerValue())
        .header("X-Microevent-Client", fenceCall.header("X-Microevent-Client"))
        .body(sent, "application/json").build()))
        .isInstanceOfSatisfying(HttpServiceException.class, e -> {
          String problem = new String(e.body(), StandardCharsets.UTF_8);
          assertThat(e.statusCode()).isEqualTo(410);
          assertThat(problem).contains("idempotency-key-fenced");
          assertThat(validateComponent("Problem", problem)).as(problem).isEmpty();
        });
    assertThat(net.backend.charges()).singleElement()
        .satisfies(c -> assertThat(c.idempotencyKey()).isNotEqualTo(lost.checkoutId().value()));
  }
}
