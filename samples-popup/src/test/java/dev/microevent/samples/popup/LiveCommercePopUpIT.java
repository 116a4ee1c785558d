package dev.microevent.samples.popup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microevent.plane.PlaneCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The pop-up app, run briefly: the plane's preset reaches the app's client and the app's traffic flows. */
class LiveCommercePopUpIT {

  @Test
  void popUpApp_runsThePresetThroughTheCli_andItsClientFollowsThePreset() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    LiveCommercePopUp.Result r =
        LiveCommercePopUp.run(new PrintStream(printed, true, StandardCharsets.UTF_8), Duration.ofSeconds(4));
    String text = printed.toString(StandardCharsets.UTF_8);
    System.out.print(text);

    assertThat(r.presetExitCode()).as(text).isEqualTo(PlaneCommand.OK);
    assertThat(r.presetResult()).isEqualTo("APPLIED");
    assertThat(r.configVersion()).as("the client serves the preset's last document").startsWith("pb-live-commerce-");
    assertThat(r.liveDrop()).as("the preset's flag reached the client").isTrue();
    assertThat(r.paymentDeadline()).as("the preset's payment policy").isEqualTo(Duration.ofSeconds(6));
    assertThat(r.readDeadline()).as("the preset's fail-fast reads").isEqualTo(Duration.ofMillis(1500));

    assertThat(r.buyFlowPeriod()).as("the preset's probe period reached the commerce client")
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(r.commerce().probes().passed()).as("the synthetic buy flow ran").isPositive();
    assertThat(r.commerce().cache().reads()).isPositive();
    assertThat(r.commerce().cache().localReads()).as("reads answered on the device").isPositive();
    assertThat(r.sliceAttempts(LiveCommercePopUp.CHECKOUT)).as("checkouts and buy flows on the checkout slice").isPositive();
    assertThat(r.sliceAttempts(LiveCommercePopUp.STREAMING)).as("stream chunks on the streaming slice").isPositive();
    assertThat(r.streamChunksAccepted()).as("chunks central accepted through the plane").isPositive();
    assertThat(text).contains("preset live-commerce run by `plane playbook run`", "catalog reads:", "slices:");
  }
}
