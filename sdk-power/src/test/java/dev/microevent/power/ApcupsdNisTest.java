package dev.microevent.power;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** apcupsd cannot be installed beside NUT on Debian; this fake speaks NIS's real framing on loopback. */
class ApcupsdNisTest {
  private LoopbackServer server;

  private interface Answer {
    void write(DataOutputStream out) throws IOException;
  }

  private ApcupsdSource fake(Answer answer) throws IOException {
    server = new LoopbackServer(socket -> {
      DataInputStream in = new DataInputStream(socket.getInputStream());
      int len = in.readUnsignedShort();
      byte[] cmd = new byte[len];
      in.readFully(cmd);
      if (!new String(cmd, StandardCharsets.US_ASCII).equals("status")) {
        return;
      }
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      answer.write(out);
      out.flush();
    });
    return PowerSource.apcupsd(ApcupsdConfig.builder("foh-ups").port(server.port())
        .readTimeout(Duration.ofSeconds(2)).build());
  }

  private static Answer records(String... lines) {
    return out -> {
      for (String l : lines) {
        byte[] b = String.format("%-9s: %s\n", l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1))
            .getBytes(StandardCharsets.US_ASCII);
        out.writeShort(b.length);
        out.write(b);
      }
      out.writeShort(0);
    };
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
  }

  @Test
  void readsTheStatus_andMapsItToAReading() throws IOException {
    try (ApcupsdSource ups = fake(records("APC=001,019,0456", "STATUS=ONBATT ", "BCHARGE=55.0 Percent",
        "TIMELEFT=12.5 Minutes", "LOADPCT=30.0 Percent", "NOMPOWER=900 Watts", "BATTV=25.9 Volts"))) {
      assertThat(ups.status()).containsEntry("STATUS", "ONBATT").containsEntry("APC", "001,019,0456");
      PowerReading r = ups.read();
      assertThat(r.onBattery()).isTrue();
      assertThat(r.chargePercent()).hasValue(55.0);
      assertThat(r.runtime()).contains(Duration.ofSeconds(750));
      assertThat(r.loadWatts()).hasValue(270.0);
      assertThat(r.batteryVolts()).hasValue(25.9);
    }
  }

  @Test
  void readsWithTimeoutsLongerThanASocketCanHold() throws IOException {
    fake(records("STATUS=ONLINE", "BCHARGE=100.0 Percent")).close();
    try (ApcupsdSource ups = PowerSource.apcupsd(ApcupsdConfig.builder("foh-ups").port(server.port())
        .connectTimeout(Duration.ofDays(30)).readTimeout(Duration.ofDays(30)).build())) {
      assertThat(ups.read().chargePercent()).hasValue(100.0);
    }
  }

  @Test
  void flagsLowBattery() throws IOException {
    try (ApcupsdSource ups = fake(records("STATUS=ONBATT LOWBATT", "BCHARGE=9.0 Percent"))) {
      assertThat(ups.read().lowBattery()).isTrue();
    }
  }

  @Test
  void treatsCommlost_asStaleNeverZero() throws IOException {
    // the verified answer of a real apcupsd 3.14.14 whose UPS link is down
    try (ApcupsdSource ups = fake(records("APC=001,019,0456", "HOSTNAME=vm", "STATUS=COMMLOST",
        "MBATTCHG=5 Percent", "MAXTIME=0 Seconds"))) {
      assertThatThrownBy(ups::read).isInstanceOfSatisfying(PowerSourceException.class,
          e -> assertThat(e.isStale()).isTrue());
    }
  }

  @Test
  void rejectsATruncatedRecord_withATypedError() throws IOException {
    try (ApcupsdSource ups = fake(out -> {
      out.writeShort(40);
      out.write("STATUS   : ONL".getBytes(StandardCharsets.US_ASCII));
    })) {
      assertThatThrownBy(ups::status).isInstanceOf(PowerProtocolException.class).hasMessageContaining("middle");
    }
  }

  @Test
  void rejectsAnOversizedRecord_withoutReadingIt() throws IOException {
    try (ApcupsdSource ups = fake(out -> out.writeShort(60_000))) {
      assertThatThrownBy(ups::status).isInstanceOf(PowerProtocolException.class).hasMessageContaining("60000-byte");
    }
  }

  @Test
  void rejectsAStatusLargerThanItsByteBound_thoughEveryRecordIsWithinItsOwn() throws IOException {
    try (ApcupsdSource ups = fake(out -> {
      for (int i = 0; i < 200; i++) {
        byte[] b = String.format("K%03d     : %s\n", i, "v".repeat(1000)).getBytes(StandardCharsets.US_ASCII);
        out.writeShort(b.length);
        out.write(b);
      }
      out.writeShort(0);
    })) {
      assertThatThrownBy(ups::status).isInstanceOf(PowerProtocolException.class).hasMessageContaining("bytes");
    }
  }

  @Test
  void rejectsARecordWithoutAKey() throws IOException {
    try (ApcupsdSource ups = fake(out -> {
      byte[] b = "garbage\n".getBytes(StandardCharsets.US_ASCII);
      out.writeShort(b.length);
      out.write(b);
      out.writeShort(0);
    })) {
      assertThatThrownBy(ups::status).isInstanceOf(PowerProtocolException.class);
    }
  }

  @Test
  void reportsAnUnreachableServer_asStale() throws IOException {
    server = new LoopbackServer(socket -> { });
    int port;
    try (java.net.ServerSocket nobody = new java.net.ServerSocket(0)) {
      port = nobody.getLocalPort(); // closed before use: nothing listens there
    }
    ApcupsdSource ups = PowerSource.apcupsd(ApcupsdConfig.builder("foh-ups").port(port).build());

    assertThatThrownBy(ups::read).isInstanceOfSatisfying(PowerSourceException.class,
        e -> assertThat(e.isStale()).isTrue()).hasMessageContaining("NETSERVER");
    assertThat(List.of(ups.id())).containsExactly("foh-ups");
  }
}
