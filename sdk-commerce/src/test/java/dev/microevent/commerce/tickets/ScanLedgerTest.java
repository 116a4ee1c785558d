package dev.microevent.commerce.tickets;

import static dev.microevent.commerce.tickets.Fixture.NORTH;
import static dev.microevent.commerce.tickets.Fixture.SOUTH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microevent.commerce.tickets.ScanLedger.Claim;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The entry, exit and code rules, the same for every ledger: in memory, SQLite, and a Redis
 * ledger whose Redis is down (degraded: decided on its local file). Plus what only the files do:
 * survive a reopen, serialize claims of two handles on one file.
 */
class ScanLedgerTest {
  private static final TicketId T1 = TicketId.of("T-1");
  private static final Instant AT = Fixture.EVENING;

  @TempDir
  static Path dir;

  private final List<AutoCloseable> opened = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : opened) {
      c.close();
    }
  }

  static Stream<Arguments> ledgers() {
    return Stream.of(
        Arguments.of("in memory", (Supplier<ScanLedger>) ScanLedger::inMemory),
        Arguments.of("sqlite", (Supplier<ScanLedger>) () -> ScanLedger.sqlite(fresh("sqlite"))),
        Arguments.of("redis down", (Supplier<ScanLedger>) () -> DurableScanLedger.builder().file(fresh("degraded"))
            .redis(URI.create("redis://127.0.0.1:9/0")).retryInterval(Duration.ofMinutes(1)).build()));
  }

  private static Path fresh(String name) {
    try {
      return Files.createTempFile(dir, name, ".db");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private ScanLedger open(Supplier<ScanLedger> make) {
    ScanLedger l = make.get();
    if (l instanceof AutoCloseable c) {
      opened.add(0, c);
    }
    return l;
  }

  private static Scan at(GateId gate, int minutes) {
    return new Scan(gate, AT.plus(Duration.ofMinutes(minutes)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ledgers")
  void aSingleEntryTicket_isGrantedOnce_thenRefusedWithItsFirstEntry(String name, Supplier<ScanLedger> make) {
    ScanLedger ledger = open(make);

    Claim first = ledger.claimEntry(T1, EntryRules.of(1), at(NORTH, 0));
    Claim second = ledger.claimEntry(T1, EntryRules.of(1), at(SOUTH, 5));

    assertThat(first.granted()).isTrue();
    assertThat(second.granted()).isFalse();
    assertThat(second.previous()).isEqualTo(at(NORTH, 0));
    assertThat(first.offline()).as("decided without a shared store").isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ledgers")
  void aDayPass_allowsItsEntries_andAnExitGivesNoneBack_withoutReentry(String name, Supplier<ScanLedger> make) {
    ScanLedger ledger = open(make);
    EntryRules three = EntryRules.of(3);

    List<Boolean> granted = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      granted.add(ledger.claimEntry(T1, three, at(NORTH, 2 * i)).granted());
      assertThat(ledger.claimExit(T1, at(NORTH, 2 * i + 1)).granted()).isTrue();
    }
    granted.add(ledger.claimEntry(T1, three, at(NORTH, 10)).granted());

    assertThat(granted).containsExactly(true, true, true, false);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ledgers")
  void withReentry_anExitMakesTheNextEntryFree_butNotASecondOneWhileInside(String name, Supplier<ScanLedger> make) {
    ScanLedger ledger = open(make);
    EntryRules once = new EntryRules(1, true);

    assertThat(ledger.claimEntry(T1, once, at(NORTH, 0)).granted()).isTrue();
    assertThat(ledger.claimEntry(T1, once, at(SOUTH, 1)).granted()).as("passed back over the fence").isFalse();
    assertThat(ledger.claimExit(T1, at(NORTH, 2)).granted()).isTrue();
    assertThat(ledger.claimEntry(T1, once, at(SOUTH, 3)).granted()).as("back in after the exit").isTrue();
    Claim again = ledger.claimEntry(T1, once, at(NORTH, 4));
    assertThat(again.granted()).as("already inside").isFalse();
    assertThat(again.previous()).isEqualTo(at(NORTH, 0));
    assertThat(ledger.claimExit(T1, at(NORTH, 5)).granted()).isTrue();
    assertThat(ledger.claimEntry(T1, once, at(NORTH, 6)).granted()).as("and again after the next exit").isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ledgers")
  void anExitOlderThanTheLastEntry_doesNotTakeTheHolderOut(String name, Supplier<ScanLedger> make) {
    ScanLedger ledger = open(make);
    EntryRules once = new EntryRules(1, true);

    ledger.claimEntry(T1, once, at(NORTH, 10));
    ledger.claimExit(T1, at(SOUTH, 5));

    assertThat(ledger.claimEntry(T1, once, at(NORTH, 11)).granted()).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ledgers")
  void anExitBeforeAnyEntry_isRecorded_andTheEntryStillUsesOne(String name, Supplier<ScanLedger> make) {
    ScanLedger ledger = open(make);
    EntryRules once = new EntryRules(1, true);

    assertThat(ledger.claimExit(T1, at(NORTH, 0)).granted()).isTrue();
    assertThat(ledger.claimEntry(T1, once, at(NORTH, 1)).granted()).isTrue();
    assertThat(ledger.claimEntry(T1, once, at(NORTH, 2)).granted()).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ledgers")
  void aRotatingCode_isAcceptedOncePerStep(String name, Supplier<ScanLedger> make) {
    ScanLedger ledger = open(make);
    Instant forget = AT.plusSeconds(45);

    Claim first = ledger.claimCode(T1, 7, forget, at(NORTH, 0));
    Claim replay = ledger.claimCode(T1, 7, forget, at(SOUTH, 0));
    Claim next = ledger.claimCode(T1, 8, forget, at(SOUTH, 0));

    assertThat(first.granted()).isTrue();
    assertThat(replay.granted()).isFalse();
    assertThat(replay.previous()).isEqualTo(at(NORTH, 0));
    assertThat(next.granted()).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ledgers")
  void manyThreadsOnTheLastEntry_exactlyOneWins(String name, Supplier<ScanLedger> make) throws Exception {
    ScanLedger ledger = open(make);
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Claim>> claims = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        GateId gate = GateId.of("gate-" + i);
        claims.add(pool.submit(() -> {
          start.await();
          return ledger.claimEntry(T1, EntryRules.of(1), new Scan(gate, AT));
        }));
      }
      start.countDown();
      int granted = 0;
      for (Future<Claim> f : claims) {
        granted += f.get(30, TimeUnit.SECONDS).granted() ? 1 : 0;
      }
      assertThat(granted).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void sqlite_keepsEveryAdmitAcrossAReopen_toTheMicrosecond() {
    Path file = fresh("reopen");
    Scan first = new Scan(NORTH, Instant.parse("2026-06-13T19:30:00.123456789Z"));
    try (DurableScanLedger ledger = ScanLedger.sqlite(file)) {
      assertThat(ledger.claimEntry(T1, EntryRules.of(1), first).granted()).isTrue();
      assertThat(ledger.claimCode(T1, 3, AT.plusSeconds(60), first).granted()).isTrue();
    }

    try (DurableScanLedger reopened = ScanLedger.sqlite(file)) {
      Claim again = reopened.claimEntry(T1, EntryRules.of(1), at(SOUTH, 1));
      assertThat(again.granted()).isFalse();
      assertThat(again.previous()).isEqualTo(new Scan(NORTH, Instant.parse("2026-06-13T19:30:00.123456Z")));
      assertThat(reopened.claimCode(T1, 3, AT.plusSeconds(60), at(SOUTH, 1)).granted()).isFalse();
      assertThat(reopened.status()).isEqualTo(new DurableScanLedger.Status(DurableScanLedger.Mode.LOCAL, 0, 0, null));
      assertThat(reopened.conflicts()).isEmpty();
    }
  }

  @Test
  void sqlite_twoHandlesOnOneFile_likeTwoProcesses_admitEachTicketOnce() throws Exception {
    Path file = fresh("shared-file");
    DurableScanLedger a = ScanLedger.sqlite(file);
    opened.add(a);
    DurableScanLedger b = ScanLedger.sqlite(file);
    opened.add(b);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      CountDownLatch start = new CountDownLatch(1);
      Future<Integer> fromA = pool.submit(() -> admitAll(a, NORTH, start));
      Future<Integer> fromB = pool.submit(() -> admitAll(b, SOUTH, start));
      start.countDown();
      assertThat(fromA.get(60, TimeUnit.SECONDS) + fromB.get(60, TimeUnit.SECONDS)).isEqualTo(200);
    } finally {
      pool.shutdownNow();
    }
  }

  private static int admitAll(ScanLedger ledger, GateId gate, CountDownLatch start) throws InterruptedException {
    start.await();
    int granted = 0;
    for (int i = 0; i < 200; i++) {
      // Half the tickets in each order, so the two handles meet on every ticket.
      int n = gate.equals(NORTH) ? i : 199 - i;
      granted += ledger.claimEntry(TicketId.of("T-" + (n % 200)), EntryRules.of(1), new Scan(gate, AT)).granted() ? 1 : 0;
    }
    return granted;
  }

  @Test
  void redisUnreachable_decidesLocally_flagsOffline_andQueuesEveryAdmitInTheFile() {
    Path file = fresh("queued");
    DurableScanLedger.Builder down = DurableScanLedger.builder().file(file).redis(URI.create("redis://127.0.0.1:9/0"))
        .retryInterval(Duration.ofMinutes(1));
    try (DurableScanLedger ledger = down.build()) {
      DurableScanLedger.Status start = ledger.status();
      assertThat(start.mode()).isEqualTo(DurableScanLedger.Mode.DEGRADED);
      assertThat(start.degradedSince()).isNotNull();

      Claim in = ledger.claimEntry(T1, EntryRules.of(1), at(NORTH, 0));
      Claim out = ledger.claimExit(T1, at(NORTH, 1));
      Claim again = ledger.claimEntry(T1, EntryRules.of(1), at(NORTH, 2));

      assertThat(in.granted()).isTrue();
      assertThat(in.offline()).isTrue();
      assertThat(out.offline()).isTrue();
      assertThat(again.granted()).isFalse();
      assertThat(ledger.sync().queued()).as("the admit and the exit; a refusal is not queued").isEqualTo(2);
    }
    try (DurableScanLedger reopened = down.build()) {
      assertThat(reopened.status().queued()).as("still queued after a restart").isEqualTo(2);
      assertThat(reopened.claimEntry(T1, EntryRules.of(1), at(SOUTH, 3)).granted()).isFalse();
    }
  }

  @Test
  void sqlite_aFileThatIsNotALedger_isATypedError() throws IOException {
    Path notALedger = Files.writeString(fresh("garbage"), "this is not a database, just text".repeat(200));

    assertThatThrownBy(() -> ScanLedger.sqlite(notALedger))
        .isInstanceOf(TicketException.class)
        .hasMessageContaining("cannot open the scan ledger at");
    assertThatThrownBy(() -> ScanLedger.sqlite(dir.resolve("no-such-dir").resolve("ledger.db")))
        .isInstanceOf(TicketException.class);
  }

  @Test
  void builder_refusesMisuse_withTypedErrors() {
    assertThatThrownBy(() -> DurableScanLedger.builder().build()).isInstanceOf(TicketException.class)
        .hasMessageContaining("file");
    assertThatThrownBy(() -> DurableScanLedger.builder().namespace("has space")).isInstanceOf(TicketException.class);
    assertThatThrownBy(() -> DurableScanLedger.builder().namespace("")).isInstanceOf(TicketException.class);
    assertThatThrownBy(() -> DurableScanLedger.builder().redisTimeout(Duration.ofMillis(5)))
        .isInstanceOf(TicketException.class);
    assertThatThrownBy(() -> DurableScanLedger.builder().retryInterval(Duration.ofHours(1)))
        .isInstanceOf(TicketException.class);
    assertThatThrownBy(() -> EntryRules.of(0)).isInstanceOf(TicketException.class);
    assertThatThrownBy(() -> EntryRules.of(65_536)).isInstanceOf(TicketException.class);
  }
}
