package dev.microevent.commerce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microevent.core.MicroEventClient;
import dev.microevent.testkit.ForwardingMicroEventClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The commerce module with a core client that wraps the real one by delegation: it never casts the client. */
class WrappedClientIT {
  private final Loopback net = new Loopback();

  @AfterEach
  void close() throws Exception {
    net.close();
  }

  @Test
  void readsChecksOutAndSummarises_throughAClientThatOnlyDelegates() {
    MicroEventClient wrapped = new ForwardingMicroEventClient(net.core());
    CommerceClient commerce = net.commerce(wrapped);

    String name = commerce.catalog().product(Sku.of("HOODIE-1")).name();
    CheckoutResult paid = commerce.checkout().submit(Loopback.request(Loopback.cartWithHoodie(commerce, "cart-w"),
        "tok_visa"));

    assertThat(name).isEqualTo("Drop hoodie");
    assertThat(paid.outcome()).isEqualTo(CheckoutOutcome.PAID);
    assertThat(commerce.summary().checkouts()).isNotNull();
    net.assertTruthful(paid);
  }
}
