package dev.microevent.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The W3C Trace Context rules, including the spec's edge cases. */
class TraceContextTest {
  private static TraceContext parse(String tp) {
    return TraceContext.parse(List.of(tp), List.of()).orElseThrow();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00",
      "00-12345678901234567890123456789012-1234567890123456-01",
      "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-03",
      "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
      " 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01 "})
  void validHeadersAreAccepted(String tp) {
    assertThat(TraceContext.parse(List.of(tp), List.of())).isPresent();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
      "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
      "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
      "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-00",
      "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x",
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
      "00_4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7_01",
      "0g-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
      "00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01",
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0z",
      ""})
  void invalidHeadersAreRefused(String tp) {
    assertThat(TraceContext.parse(List.of(tp), List.of())).isEmpty();
  }

  @Test
  void twoTraceparentHeadersAreInvalid() {
    String tp = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    assertThat(TraceContext.parse(List.of(tp, tp), List.of())).isEmpty();
  }

  @Test
  void aHigherVersionIsReadAsVersion00_andSentAsVersion00() {
    TraceContext c = parse("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-the-future-holds");

    assertThat(c.traceparent()).isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
  }

  @Test
  void unknownFlagBitsAreIgnored() {
    TraceContext c = parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-ff");

    assertThat(c.sampled()).isTrue();
    assertThat(c.traceparent()).endsWith("-03");
  }

  @Test
  void aChildKeepsTheTraceAndStateButGetsANewSpan() {
    TraceContext parent = TraceContext.parse(List.of("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
        List.of("congo=t61rcWkgMzE", "rojo=00f067aa0ba902b7")).orElseThrow();

    TraceContext child = parent.child(new Random(1));

    assertThat(child.traceId()).isEqualTo(parent.traceId());
    assertThat(child.spanId()).isNotEqualTo(parent.spanId()).hasSize(16);
    assertThat(child.tracestate()).isEqualTo("congo=t61rcWkgMzE,rojo=00f067aa0ba902b7");
  }

  @Test
  void aChildsTraceparent_withoutTheChild_isTheOneTheChildWouldSend() {
    TraceContext parent = TraceContext.parse(List.of("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
        List.of()).orElseThrow();

    String sent = parent.childTraceparent(new Random(5));

    assertThat(sent).isEqualTo(parent.child(new Random(5)).traceparent())
        .startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-").endsWith("-01")
        .isNotEqualTo(parent.traceparent());
    assertThat(parent.traceparent()).isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
  }

  @Test
  void aNewRootIsSampledWithTheRandomFlag() {
    TraceContext root = TraceContext.newRoot(new Random(2));

    assertThat(root.traceparent()).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-03");
    assertThat(TraceContext.parse(List.of(root.traceparent()), List.of())).contains(root);
  }

  @Test
  void tracestateAcceptsMultiTenantKeysAndEmptyMembers() {
    assertThat(TraceContext.validTraceState("fw529a3039@dt=ZmY, ,acme=1")).isEqualTo("fw529a3039@dt=ZmY,acme=1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Upper=1", "a=1,a=2", "a", "a=", "a=x,b=y=z", "a=tab\there", "1key=1", "a@b@c=1"})
  void anInvalidTracestateIsDroppedWhole(String state) {
    assertThat(TraceContext.validTraceState(state)).isEmpty();
  }

  @Test
  void tracestateWithMoreThan32MembersIsDropped() {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 33; i++) {
      s.append(i == 0 ? "" : ",").append("k").append(i).append("=v");
    }

    assertThat(TraceContext.validTraceState(s.toString())).isEmpty();
  }

  @Test
  void anOversizedTracestateLosesItsLongMembersFirst() {
    String longMember = "big=" + "x".repeat(200);
    StringBuilder s = new StringBuilder(longMember);
    for (int i = 0; i < 30; i++) {
      s.append(",k").append(i).append("=").append("v".repeat(12));
    }

    String kept = TraceContext.validTraceState(s.toString());

    assertThat(kept).doesNotContain("big=").startsWith("k0=");
    assertThat(kept.length()).isLessThanOrEqualTo(512);
  }

  @Test
  void anInvalidTraceparentIgnoresTracestateToo() {
    assertThat(TraceContext.parse(List.of("garbage"), List.of("congo=t61rcWkgMzE"))).isEmpty();
  }
}
