package dev.microevent.core;

import dev.microevent.core.fuzz.Fuzz;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import okhttp3.Headers;
import org.junit.jupiter.api.Test;

/**
 * {@code traceparent} and {@code tracestate} as an app forwards them: any header values give a
 * context or none, and a context's headers can always be sent on (OkHttp refuses illegal header
 * characters with an exception, which would break the call that carries them).
 */
class TraceContextFuzzTest {
  private static final String PARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  private static final Pattern TRACEPARENT = Pattern.compile("00-[0-9a-f]{32}-[0-9a-f]{16}-0[0-3]");

  @Test
  void traceparentHeaders() {
    Fuzz.Report report = Fuzz.parser("traceparent",
            in -> sendOn(TraceContext.parse(values(in), List.of("congo=t61rcWkgMzE"))))
        .seeds(PARENT, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00",
            "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-the-future-holds",
            " 00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-03 ",
            "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
        .dictionary("-", "00", "ff", "0000000000000000", "00000000000000000000000000000000")
        .run();
    System.out.println(report); // the figures of a run, in target/surefire-reports/*-output.txt
  }

  @Test
  void tracestateHeaders() {
    Fuzz.Report report = Fuzz.parser("tracestate", in -> sendOn(TraceContext.parse(List.of(PARENT), values(in))))
        .seeds("congo=t61rcWkgMzE", "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7", "fw529a3039@dt=ZmY, ,acme=1",
            "a=1\nb=2", "k0=v,k1=v,k2=v,k3=v,k4=v,k5=v,k6=v,k7=v,k8=v,k9=v,k10=v,k11=v,k12=v")
        .dictionary("=", ",", "@", "a=", "\t")
        .run();
    System.out.println(report); // the figures of a run, in target/surefire-reports/*-output.txt
  }

  /** Header values as a socket delivers them, one per line. */
  private static List<String> values(byte[] in) {
    return List.of(Fuzz.latin1(in).split("\n", -1));
  }

  private static void sendOn(java.util.Optional<TraceContext> parsed) {
    parsed.ifPresent(c -> {
      TraceContext child = c.child(new SplittableRandom(1));
      if (!TRACEPARENT.matcher(child.traceparent()).matches()) {
        throw new AssertionError("not a traceparent: " + child.traceparent());
      }
      new Headers.Builder().add("traceparent", child.traceparent()).add("tracestate", child.tracestate());
    });
  }
}
