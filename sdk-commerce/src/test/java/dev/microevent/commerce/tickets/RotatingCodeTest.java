package dev.microevent.commerce.tickets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** RFC 6238 Appendix B (all 18 vectors: three hashes, six times) and the configuration's rules. */
class RotatingCodeTest {
  private static final String SEED20 = "12345678901234567890";

  @ParameterizedTest(name = "RFC 6238 t={0} {1}")
  @CsvSource({
      "59, SHA1, 94287082", "59, SHA256, 46119246", "59, SHA512, 90693936",
      "1111111109, SHA1, 07081804", "1111111109, SHA256, 68084774", "1111111109, SHA512, 25091201",
      "1111111111, SHA1, 14050471", "1111111111, SHA256, 67062674", "1111111111, SHA512, 99943326",
      "1234567890, SHA1, 89005924", "1234567890, SHA256, 91819424", "1234567890, SHA512, 93441116",
      "2000000000, SHA1, 69279037", "2000000000, SHA256, 90698825", "2000000000, SHA512, 38618901",
      "20000000000, SHA1, 65353130", "20000000000, SHA256, 77737706", "20000000000, SHA512, 47863826"})
  void rfc6238Vector(long unixTime, RotatingCode.Algorithm algorithm, String expected) {
    int keyLength = switch (algorithm) {
      case SHA1 -> 20;
      case SHA256 -> 32;
      case SHA512 -> 64;
    };
    byte[] seed = SEED20.repeat(4).substring(0, keyLength).getBytes(StandardCharsets.US_ASCII);
    RotatingCode totp = RotatingCode.builder().algorithm(algorithm).digits(8).step(Duration.ofSeconds(30)).build();

    assertThat(totp.code(seed, Instant.ofEpochSecond(unixTime))).isEqualTo(expected);
  }

  @Test
  void matchingStep_acceptsTheCurrentStepAndOneEitherSide_only() {
    RotatingCode codes = RotatingCode.builder().step(Duration.ofSeconds(15)).build();
    byte[] secret = "per-ticket secret".getBytes(StandardCharsets.US_ASCII);
    Instant now = Instant.parse("2026-06-13T19:30:07Z");
    long t = codes.timeStep(now);

    for (int d = -3; d <= 3; d++) {
      String code = codes.code(secret, now.plusSeconds(15L * d));
      assertThat(codes.matchingStep(secret, code, now)).as("offset %d steps", d)
          .isEqualTo(Math.abs(d) <= 1 ? t + d : -1);
    }
    assertThat(codes.matchingStep(secret, "1234567", now)).as("wrong length").isEqualTo(-1);
  }

  @Test
  void lastAccepted_isTheEndOfTheStepPlusTheSkew() {
    RotatingCode codes = RotatingCode.builder().step(Duration.ofSeconds(15)).build();
    long t = codes.timeStep(Instant.parse("2026-06-13T19:30:07Z"));

    assertThat(codes.lastAccepted(t)).isEqualTo(Instant.ofEpochSecond((t + 2) * 15));
  }

  @Test
  void builderAndCode_refuseValuesOutsideTheirRange_withTypedErrors() {
    assertThatThrownBy(() -> RotatingCode.builder().digits(5)).isInstanceOf(TicketException.class);
    assertThatThrownBy(() -> RotatingCode.builder().digits(10)).isInstanceOf(TicketException.class);
    assertThatThrownBy(() -> RotatingCode.builder().step(Duration.ofMillis(1500))).isInstanceOf(TicketException.class);
    assertThatThrownBy(() -> RotatingCode.builder().skewSteps(11)).isInstanceOf(TicketException.class);
    assertThatThrownBy(() -> RotatingCode.builder().masterKey(new byte[15])).isInstanceOf(TicketException.class);
    RotatingCode noMaster = RotatingCode.builder().build();
    assertThatThrownBy(() -> noMaster.secretFor(Fixture.ticket("T-1").build())).isInstanceOf(TicketException.class);
    assertThatThrownBy(() -> noMaster.code(new byte[0], Instant.EPOCH)).isInstanceOf(TicketException.class);
    assertThatThrownBy(() -> noMaster.code(new byte[1], Instant.EPOCH.minusSeconds(1)))
        .isInstanceOf(TicketException.class);
    assertThatThrownBy(() -> noMaster.show("not a ticket", new byte[1], Instant.EPOCH))
        .isInstanceOf(TicketException.class);
  }

  @Test
  void secretFor_differsPerTicketAndPerEvent() {
    RotatingCode codes = Fixture.codes();
    Ticket a = Fixture.ticket("T-1").build();

    assertThat(codes.secretFor(a)).hasSize(32)
        .isNotEqualTo(codes.secretFor(Fixture.ticket("T-2").build()))
        .isNotEqualTo(codes.secretFor(a.toBuilder().event(EventId.of("other-event")).build()))
        .isEqualTo(codes.secretFor(a));
  }
}
