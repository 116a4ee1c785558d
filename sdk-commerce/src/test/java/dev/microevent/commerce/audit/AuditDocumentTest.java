package dev.microevent.commerce.audit;

import static dev.microevent.commerce.audit.AuditFixture.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microevent.commerce.CheckoutId;
import dev.microevent.commerce.CheckoutOutcome;
import dev.microevent.commerce.Money;
import dev.microevent.commerce.internal.EdKeyTest;
import dev.microevent.commerce.tickets.GateId;
import dev.microevent.commerce.tickets.Scan;
import dev.microevent.commerce.tickets.ScanConflict;
import dev.microevent.commerce.tickets.TicketId;
import dev.microevent.commerce.tickets.VerdictKind;
import dev.microevent.core.time.VirtualTime;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The byte and JSON forms: pinned layouts, round trips, and typed errors for anything else. */
class AuditDocumentTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final Instant AT = Instant.parse("2026-06-13T20:15:03.250Z");
  private static final byte[] SALT = HEX.parseHex("000102030405060708090a0b0c0d0e0f");

  @TempDir Path dir;
  private final VirtualTime time = AuditFixture.time();

  @Test
  void gateScanCanonicalBytesAndCommitment_matchTheDocumentedLayout() {
    AuditEntry e = AuditEntry.gateScan(AuditFixture.EVENT, TicketId.of("T-000417"), AuditFixture.NORTH,
        VerdictKind.VALID, AT.plusNanos(999_999));
    // Computed independently (Python hashlib) from the layout in AuditEntry#canonicalBytes.
    assertThat(HEX.formatHex(e.canonicalBytes())).isEqualTo("01010000019ec29fa652" + "12726f6f66746f702d323032362d30362d3133"
        + "08542d303030343137" + "076e6f7274682d31" + "0556414c4944");
    AuditReceipt r = AuditReceipt.of(AuditFixture.LOG, 0, SALT, e);
    assertThat(HEX.formatHex(r.commitment())).isEqualTo("8a1935ba0315e0d586a874a6c660b11e4bc1e0270bf8d5737f4e0fc0a0970048");
    assertThat(e.at()).isEqualTo(AT);
  }

  @Test
  void checkoutOutcomeCanonicalBytesAndCommitment_matchTheDocumentedLayout() {
    AuditEntry e = AuditEntry.checkoutOutcome(new CheckoutId("co-7f3a"), CheckoutOutcome.PAID, Money.of(4500, "EUR"),
        AT);
    assertThat(HEX.formatHex(e.canonicalBytes())).isEqualTo("01020000019ec29fa652" + "07636f2d37663361" + "0450414944"
        + "0000000000001194" + "03455552");
    assertThat(HEX.formatHex(AuditReceipt.of(AuditFixture.LOG, 0, SALT, e).commitment()))
        .isEqualTo("b8e5d9e5654c4b61a4c71ac2204fb103a4112281197f1691f69d9a0af6c40642");
  }

  @Test
  void headSignature_coversTheDocumentedBytes_checkedByTheJdksOwnEd25519() throws Exception {
    SignedTreeHead head;
    try (AuditLog log = AuditFixture.open(dir, time)) {
      log.append(entry(0));
      log.append(entry(1));
      head = log.treeHead();
    }
    byte[] id = head.logId().getBytes(StandardCharsets.US_ASCII);
    byte[] context = "microevent-audit-tree-head/1".getBytes(StandardCharsets.US_ASCII);
    byte[] message = ByteBuffer.allocate(context.length + 2 + id.length + 8 + 32 + 8).put(context).put((byte) 0)
        .put((byte) id.length).put(id).putLong(head.size()).put(head.root()).putLong(head.timestamp().toEpochMilli())
        .array();
    assertThat(EdKeyTest.jdkVerifies(AuditFixture.KEY.publicKey(), message, head.signature())).isTrue();
    assertThat(head.keyId()).isEqualTo(AuditFixture.KEY.keyId()).hasSize(16);
  }

  @Test
  void scanConflictCanonicalBytesAndCommitment_matchTheDocumentedLayout_andItsOpeningRoundTrips() {
    ScanConflict c = new ScanConflict(1, ScanConflict.Kind.ENTRY, TicketId.of("T-000417"),
        new Scan(GateId.of("south-1"), Instant.parse("2026-06-13T20:14:00.125Z")),
        new Scan(AuditFixture.NORTH, Instant.parse("2026-06-13T20:14:00.500Z")), "n-1", AT);
    AuditEntry e = AuditEntry.scanConflict(AuditFixture.EVENT, c, AT);
    // Computed independently (Python hashlib) from the layout in AuditEntry#canonicalBytes.
    assertThat(HEX.formatHex(e.canonicalBytes())).isEqualTo("01030000019ec29fa652" + "12726f6f66746f702d323032362d30362d3133"
        + "08542d303030343137" + "05454e545259" + "07736f7574682d31" + "076e6f7274682d31" + "0000019ec29eafbd"
        + "0000019ec29eb134");
    AuditReceipt r = AuditReceipt.of(AuditFixture.LOG, 4, SALT, e);
    assertThat(HEX.formatHex(r.commitment())).isEqualTo("0e42201e25a352d933aba1ace61c3990a9b47390a683c71a068c3c9e7475a2d3");
    assertThat(AuditReceipt.parse(r.toDocument())).isEqualTo(r);
    assertThat(r.toDocument()).contains("\"kind\":\"scan-conflict\"", "\"keptGate\":\"south-1\"");
    assertThat(e.toString()).contains("ENTRY", "south-1", "north-1");
  }

  @Test
  void everyDocument_roundTrips() {
    try (AuditLog log = AuditFixture.open(dir, time)) {
      AuditReceipt scan = log.append(entry(0));
      AuditReceipt checkout = log.append(entry(2));
      log.append(entry(3));
      SignedTreeHead head = log.treeHead();
      InclusionProof proof = log.inclusionProof(1, 3);
      ConsistencyProof consistency = log.consistencyProof(1, 3);

      assertThat(SignedTreeHead.parse(head.toDocument())).isEqualTo(head);
      assertThat(InclusionProof.parse(proof.toDocument())).isEqualTo(proof);
      assertThat(ConsistencyProof.parse(consistency.toDocument())).isEqualTo(consistency);
      assertThat(AuditReceipt.parse(scan.toDocument())).isEqualTo(scan);
      assertThat(AuditReceipt.parse(checkout.toDocument())).isEqualTo(checkout);
      assertThat(checkout.entry().kind()).isEqualTo(AuditEntry.Kind.CHECKOUT_OUTCOME);
      assertThat(head.toDocument()).startsWith("{\"format\":\"microevent-audit-head/1\",\"log\":\"" + AuditFixture.LOG
          + "\",\"size\":3,");
      assertThat(scan.toString()).as("a receipt's toString keeps the entry private").doesNotContain("T-0");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "null", "[]", "{}", "garbage",
      "{\"format\":\"microevent-audit-opening/1\"}",
      "{\"format\":\"microevent-audit-head/1\",\"log\":\"l\",\"size\":1,\"root\":\"AAAA\"}",
      "{\"format\":\"microevent-audit-inclusion/1\",\"log\":\"l\",\"index\":0,\"size\":1,\"path\":[\"AAAA\"]}",
      "{\"format\":\"microevent-audit-inclusion/1\",\"log\":\"l\",\"index\":-1,\"size\":1,\"path\":[]}",
      "{\"format\":\"microevent-audit-inclusion/1\",\"log\":\"l\",\"index\":99999999999999999999,\"size\":1,\"path\":[]}",
      "{\"format\":\"microevent-audit-inclusion/1\",\"log\":\"l\",\"index\":0.5,\"size\":1,\"path\":[]}",
      "{\"format\":\"microevent-audit-inclusion/1\",\"log\":\"l\",\"log\":\"m\",\"index\":0,\"size\":1,\"path\":[]}",
      "{\"format\":\"microevent-audit-inclusion/1\",\"log\":\"has space\",\"index\":0,\"size\":1,\"path\":[]}",
      "{\"format\":\"microevent-audit-consistency/1\",\"log\":\"l\",\"from\":0,\"to\":1,\"path\":\"x\"}",
      "{\"format\":\"microevent-audit-consistency/1\",\"log\":\"l\",\"from\":0,\"to\":1,\"path\":[\"!!!!\"]}"})
  void malformedDocuments_getATypedError(String document) {
    for (Runnable parse : List.<Runnable>of(() -> SignedTreeHead.parse(document), () -> InclusionProof.parse(document),
        () -> ConsistencyProof.parse(document), () -> AuditReceipt.parse(document))) {
      assertThatThrownBy(parse::run).isInstanceOfSatisfying(AuditException.class,
          e -> assertThat(e.reason()).isEqualTo(AuditException.Reason.MALFORMED));
    }
  }

  @Test
  void openingsOutOfForm_getATypedError() {
    String good = AuditReceipt.of(AuditFixture.LOG, 4, SALT, entry(4)).toDocument();
    String goodCheckout = AuditReceipt.of(AuditFixture.LOG, 5, SALT, entry(5)).toDocument();
    List<String> bad = List.of(
        good.replace("\"verdict\":\"VALID\"", "\"verdict\":\"MAYBE\""),
        good.replace("\"ticket\":\"T-4\"", "\"ticket\":\"T 4\""),
        good.replace("\"ticket\":\"T-4\"", "\"ticket\":\"T-4\",\"note\":\"x\""),
        good.replace("\"at\":\"2026-06-13T19:30:01Z\"", "\"at\":\"2026-06-13T19:30:01.000000001Z\""),
        good.replace("\"at\":\"2026-06-13T19:30:01Z\"", "\"at\":\"+10000-01-01T00:00:00Z\""),
        good.replace("\"at\":\"2026-06-13T19:30:01Z\"", "\"at\":\"yesterday\""),
        good.replace("\"kind\":\"gate-scan\"", "\"kind\":\"checkout-outcome\""),
        good.replace("\"salt\":\"AAECAwQFBgcICQoLDA0ODw==\"", "\"salt\":\"AAECAw==\""),
        goodCheckout.replace("\"currency\":\"EUR\"", "\"currency\":\"XYZ\""),
        goodCheckout.replace("\"amount\":4505", "\"amount\":-1"),
        goodCheckout.replace("\"checkout\":\"co-5\"", "\"checkout\":\"co \\\"5\\\"\""));
    assertThat(AuditReceipt.parse(good).entry()).isEqualTo(entry(4));
    assertThat(AuditReceipt.parse(goodCheckout).entry()).isEqualTo(entry(5));
    for (String b : bad) {
      assertThat(b).isNotIn(good, goodCheckout);
      assertThatThrownBy(() -> AuditReceipt.parse(b)).as(b).isInstanceOfSatisfying(AuditException.class,
          e -> assertThat(e.reason()).isEqualTo(AuditException.Reason.MALFORMED));
    }
  }

  @Test
  void entryTimesOutsideYears0To9999_areOutOfRange() {
    assertThatThrownBy(() -> AuditEntry.gateScan(AuditFixture.EVENT, TicketId.of("T-1"), AuditFixture.NORTH,
        VerdictKind.VALID, Instant.MAX)).isInstanceOfSatisfying(AuditException.class,
            e -> assertThat(e.reason()).isEqualTo(AuditException.Reason.OUT_OF_RANGE));
    assertThatThrownBy(() -> AuditSigningKey.fromSeed(new byte[5])).isInstanceOf(AuditException.class);
  }

  @Test
  void aDocumentOver64KiB_isRefusedBeforeItIsParsed() {
    String huge = "{\"format\":\"microevent-audit-head/1\",\"pad\":\"" + "x".repeat(70_000) + "\"}";
    assertThatThrownBy(() -> SignedTreeHead.parse(huge)).isInstanceOfSatisfying(AuditException.class,
        e -> assertThat(e.getMessage()).contains("at most"));
  }
}
