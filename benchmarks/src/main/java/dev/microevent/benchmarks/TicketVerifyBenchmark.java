package dev.microevent.benchmarks;

import dev.microevent.commerce.tickets.EventId;
import dev.microevent.commerce.tickets.GateId;
import dev.microevent.commerce.tickets.KeyRing;
import dev.microevent.commerce.tickets.Ticket;
import dev.microevent.commerce.tickets.TicketId;
import dev.microevent.commerce.tickets.TicketIssuer;
import dev.microevent.commerce.tickets.TicketSigningKey;
import dev.microevent.commerce.tickets.TicketVerifier;
import dev.microevent.commerce.tickets.Verdict;
import dev.microevent.commerce.tickets.VerdictKind;
import dev.microevent.commerce.tickets.Zone;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Ed25519 verifications per second on one thread (= per core), in one run: Bouncy Castle with the
 * key decoded once (what {@code TicketVerifier} does), Bouncy Castle decoding the key on every
 * call, the JDK's own Ed25519 (SunEC), and the whole gate check of a ticket's text ({@code
 * TicketVerifier.check}: Base45, frame, key lookup, signature, window). The message is a
 * ticket-sized 58 bytes. Run it with {@link TicketVerifyReport}, or
 * {@code java -cp benchmarks.jar org.openjdk.jmh.Main TicketVerifyBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
public class TicketVerifyBenchmark {
  private byte[] publicKey;
  private Ed25519.PublicPoint point;
  private byte[] message;
  private byte[] signature;
  private Signature jdk;
  private TicketVerifier gate;
  private String ticketText;

  /**
   * Makes a key, signs a message, prepares the JDK verifier and a gate.
   *
   * @throws GeneralSecurityException if the JDK has no Ed25519
   */
  @Setup(Level.Trial)
  public void setUp() throws GeneralSecurityException {
    byte[] seed = new byte[Ed25519.SECRET_KEY_SIZE];
    for (int i = 0; i < seed.length; i++) {
      seed[i] = (byte) (i * 13 + 7);
    }
    publicKey = new byte[Ed25519.PUBLIC_KEY_SIZE];
    Ed25519.generatePublicKey(seed, 0, publicKey, 0);
    point = Ed25519.validatePublicKeyFullExport(publicKey, 0);
    message = new byte[58];
    for (int i = 0; i < message.length; i++) {
      message[i] = (byte) i;
    }
    signature = new byte[Ed25519.SIGNATURE_SIZE];
    Ed25519.sign(seed, 0, message, 0, message.length, signature, 0);

    jdk = Signature.getInstance("Ed25519");
    jdk.initVerify(KeyFactory.getInstance("Ed25519").generatePublic(jdkSpec(publicKey)));

    TicketSigningKey key = TicketSigningKey.fromSeed(seed);
    EventId event = EventId.of("rooftop-2026-06-13");
    Instant doors = Instant.parse("2026-06-13T17:00:00Z");
    ticketText = TicketIssuer.builder().signingKey(key).build().issue(Ticket.builder().event(event)
        .id(TicketId.of("T-000417")).zone(Zone.of("FLOOR")).tier("GA").validFrom(doors)
        .validUntil(doors.plusSeconds(9 * 3600)).build());
    gate = TicketVerifier.builder().event(event).gate(GateId.of("north-1"))
        .keys(KeyRing.builder().key(key.publicKey()).build())
        .clock(Clock.fixed(doors.plusSeconds(3600), ZoneOffset.UTC)).build();
    if (!bouncyCastle() || !bouncyCastleRawKey() || !jdk() || gate.check(ticketText).kind() != VerdictKind.VALID) {
      throw new IllegalStateException("a baseline does not verify its own signature");
    }
  }

  private static EdECPublicKeySpec jdkSpec(byte[] raw) {
    byte[] le = raw.clone();
    boolean xOdd = (le[31] & 0x80) != 0;
    le[31] &= 0x7f;
    byte[] be = new byte[le.length];
    for (int i = 0; i < le.length; i++) {
      be[i] = le[le.length - 1 - i];
    }
    return new EdECPublicKeySpec(NamedParameterSpec.ED25519, new EdECPoint(xOdd, new BigInteger(1, be)));
  }

  /**
   * Bouncy Castle, key decoded once.
   *
   * @return the result
   */
  @Benchmark
  public boolean bouncyCastle() {
    return Ed25519.verify(signature, 0, point, message, 0, message.length);
  }

  /**
   * Bouncy Castle, key decoded on every call.
   *
   * @return the result
   */
  @Benchmark
  public boolean bouncyCastleRawKey() {
    return Ed25519.verify(signature, 0, publicKey, 0, message, 0, message.length);
  }

  /**
   * The JDK's Ed25519 (SunEC), initialised once.
   *
   * @return the result
   * @throws GeneralSecurityException never for a valid setup
   */
  @Benchmark
  public boolean jdk() throws GeneralSecurityException {
    jdk.update(message);
    return jdk.verify(signature);
  }

  /**
   * The whole gate check of a ticket's text, without the ledger.
   *
   * @return the verdict
   */
  @Benchmark
  public Verdict ticketCheck() {
    return gate.check(ticketText);
  }
}
