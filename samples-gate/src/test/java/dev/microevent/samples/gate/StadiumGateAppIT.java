package dev.microevent.samples.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microevent.commerce.tickets.VerdictKind;
import dev.microevent.core.ServiceMode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The gate app, run with a smaller crowd: the preset reaches both gates, they hold the plane's
 * signed lists, and with the uplink cut every decision is made on the gate and is the one a
 * correct gate makes. Counts only: nothing here depends on how fast the machine is.
 */
class StadiumGateAppIT {

  @Test
  void gateApp_withTheUplinkCut_admitsEveryGoodTicketOnce_andRefusesEveryRefundedOrForgedOne() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    StadiumGateApp.Result r =
        StadiumGateApp.run(new PrintStream(printed, true, StandardCharsets.UTF_8), 150);
    String text = printed.toString(StandardCharsets.UTF_8);
    System.out.print(text);

    assertThat(r.presetResult()).as(text).isEqualTo("APPLIED");
    assertThat(r.localValidation()).as("the preset's flag reached both gates").isTrue();
    assertThat(r.gateScanDeadline()).as("the preset's gate-scan policy").isEqualTo(Duration.ofMillis(1500));
    assertThat(r.keysVersion()).as("both gates hold the signed key list").isEqualTo(1);
    assertThat(r.revocationsVersion()).as("both gates hold the signed revocation list").isEqualTo(1);
    assertThat(r.refusedDocuments()).isZero();
    assertThat(r.uplinkCut()).as("both gates saw the plane gone").isTrue();
    assertThat(r.modeDuringCut()).isEqualTo(ServiceMode.REDUCED);
    assertThat(r.telemetryShed()).as("telemetry paused in the reduced mode").isTrue();

    assertThat(r.failedScans()).as("every scan decided").isZero();
    assertThat(r.verdicts()).as("the gates' verdicts are a correct gate's").isEqualTo(r.expected());
    assertThat(r.expected()).containsKeys(VerdictKind.VALID, VerdictKind.ALREADY_USED, VerdictKind.REVOKED,
        VerdictKind.UNKNOWN_KEY, VerdictKind.BAD_SIGNATURE);
    assertThat(r.goodTickets()).isEqualTo(150 + 20);
    assertThat(r.goodAdmittedOnce()).as("each good ticket admitted exactly once").isEqualTo(r.goodTickets());
    assertThat(r.verdicts().get(VerdictKind.VALID)).isEqualTo((long) r.goodTickets());
    assertThat(r.doubleAdmissions()).isZero();
    assertThat(r.refusedAdmitted()).as("refunded, counterfeit and doctored tickets admitted").isZero();
    assertThat(r.passedBackAdmittedOnce()).as("shown at both gates at once, admitted once").isEqualTo(r.passedBack());
    assertThat(r.offline()).as("every decision made on the gate").isEqualTo(r.decisions());
    assertThat(r.degraded()).as("and flagged degraded: no uplink").isEqualTo(r.decisions());
    assertThat(r.decisions()).isEqualTo(r.rush().offered() + 2L * r.passedBack());
    assertThat(text).contains("preset sports-microhub run by `plane playbook run`", "decision time", "p99");
  }
}
