package dev.microevent.commerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microevent.core.MicroEventClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One journal file has one owner: two clients on it (two processes, or a restart that overlaps
 * the old instance) could both begin the same cart under different keys and charge it twice.
 */
class CheckoutJournalLockIT {
  private final Loopback net = new Loopback();

  @AfterEach
  void close() throws Exception {
    net.close();
  }

  @Test
  void aSecondClientOnTheSameJournalFile_isRefusedWithATypedError_andTheCartIsChargedOnce() {
    MicroEventClient core = net.core();
    CommerceClient first = net.commerce(core);
    CheckoutRequest request = Loopback.request(Loopback.cartWithHoodie(first, "cart-two-tills"), "tok_visa");

    assertThatThrownBy(() -> net.commerce(net.core()))
        .isInstanceOf(CheckoutJournalInUseException.class)
        .hasMessageContaining(net.journalFile().getFileName().toString())
        .hasMessageContaining("Close the other client");
    CheckoutResult paid = first.checkout().submit(request);
    first.close();
    CommerceClient restarted = net.commerce(net.core());

    assertThat(paid.paid()).isTrue();
    assertThat(restarted.checkout().submit(request).checkoutId()).as("the restart resumes the journal")
        .isEqualTo(paid.checkoutId());
    assertThat(net.backend.charges()).hasSize(1);
  }

  @Test
  void concurrentSubmitsOfOneCartInOneClient_shareOneKey_andChargeOnce() throws Exception {
    CommerceClient commerce = net.commerce(net.core());
    CheckoutRequest request = Loopback.request(Loopback.cartWithHoodie(commerce, "cart-taps"), "tok_visa");
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<CheckoutResult>> taps = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      taps.add(net.async(() -> {
        try {
          go.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return commerce.checkout().submit(request);
      }));
    }
    go.countDown();
    List<CheckoutResult> answers = new ArrayList<>();
    for (CompletableFuture<CheckoutResult> tap : taps) {
      answers.add(tap.get(30, TimeUnit.SECONDS));
    }

    assertThat(answers).extracting(CheckoutResult::checkoutId).as("keys of the taps").containsOnly(
        answers.get(0).checkoutId());
    assertThat(net.backend.charges()).hasSize(1);
    net.assertTruthful(answers.toArray(CheckoutResult[]::new));
  }
}
