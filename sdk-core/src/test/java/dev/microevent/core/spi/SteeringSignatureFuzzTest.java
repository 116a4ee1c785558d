package dev.microevent.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microevent.core.SdkException;
import dev.microevent.core.fuzz.Fuzz;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code Microevent-Signature} header, read by the one verifier: a typed refusal or a verdict, never an escape. */
class SteeringSignatureFuzzTest {
  @Test
  void signatureHeader_isVerifiedOrRefusedWithATypedError() {
    TestSigner plane = TestSigner.generate();
    byte[] body = "{\"version\":\"v1\"}".getBytes(StandardCharsets.UTF_8);
    SteeringVerifier verifier = new SteeringVerifier(SteeringSignature.CONFIG, List.of(plane.key()));
    String header = plane.sign(SteeringSignature.CONFIG, 7, body);

    Fuzz.Report report = Fuzz.parser("Microevent-Signature", in -> {
      SteeringSignature s = verifier.verify(Fuzz.latin1(in), body);
      if (s.seq() != 7 || !s.kid().equals(plane.key().kid())) {
        throw new AssertionError("accepted a header the plane did not sign: " + Fuzz.latin1(in));
      }
    }).seeds(header, header.replace("config", "ticket-keys"), header.replace("seq=7", "seq=8")).typed(SdkException.class).run();

    System.out.println(report); // the figures of a run, in target/surefire-reports/*-output.txt
    assertThat(report.accepted()).isPositive();
  }
}
