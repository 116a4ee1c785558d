package dev.microevent.commerce.tickets.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.microevent.commerce.tickets.DurableScanLedger;
import dev.microevent.commerce.tickets.EntryRules;
import dev.microevent.commerce.tickets.GateId;
import dev.microevent.commerce.tickets.Scan;
import dev.microevent.commerce.tickets.ScanLedger.Claim;
import dev.microevent.commerce.tickets.TicketException;
import dev.microevent.commerce.tickets.TicketId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate's kept ticket lists beside its scan ledger: writing them never holds up a scan decision,
 * and their file is opened only when a list is first kept (or one kept before is read).
 */
class LedgerStoreListsTest {
  private static final Duration BOUND = Duration.ofSeconds(20);

  @TempDir
  Path dir;

  @Test
  void scanDecisions_proceedWhileAListWriteIsHeldOpenInItsTransaction() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(2);
    CountDownLatch open = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (LedgerStore store = LedgerStore.open(dir.resolve("gate.db"), DurableScanLedger.Durability.PROCESS_CRASH)) {
      store.value("ticket-lists:e", "before");
      String large = "r".repeat(1 << 20);
      CompletableFuture<Void> write = CompletableFuture.runAsync(() -> store.writeList("ticket-lists:e", large, () -> {
        open.countDown();
        try {
          release.await(2 * BOUND.toSeconds(), TimeUnit.SECONDS); // longer than any wait below
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }), threads);
      assertThat(open.await(BOUND.toSeconds(), TimeUnit.SECONDS)).as("the list write is in its transaction").isTrue();

      CompletableFuture<Claim> decided = CompletableFuture.supplyAsync(() -> {
        Claim first = store.decideEntry(TicketId.of("T-1"), EntryRules.of(1), scan(), "n-1", false);
        Claim again = store.decideEntry(TicketId.of("T-1"), EntryRules.of(1), scan(), "n-2", false);
        return first.granted() && !again.granted() ? first : again;
      }, threads);
      await("scan decisions while the list write is open").atMost(BOUND).until(decided::isDone);

      assertThat(decided.get().granted()).as("the first entry granted, the second refused").isTrue();
      assertThat(write).as("the list write is still open").isNotDone();
      release.countDown();
      write.get(BOUND.toSeconds(), TimeUnit.SECONDS);
      assertThat(store.value("ticket-lists:e")).contains(large);
      assertThat(store.entriesUsed()).containsEntry(TicketId.of("T-1"), 1);
    } finally {
      release.countDown();
      threads.shutdownNow();
    }
  }

  @Test
  void aLedgerThatKeepsNoLists_neverCreatesTheirFile_andClosesCleanly() throws Exception {
    Path file = dir.resolve("gate.db");
    LedgerStore store = LedgerStore.open(file, DurableScanLedger.Durability.PROCESS_CRASH);
    assertThat(store.decideEntry(TicketId.of("T-1"), EntryRules.of(1), scan(), "n-1", false).granted()).isTrue();
    assertThat(store.value("ticket-lists:e")).as("nothing kept, and nothing created to say so").isEmpty();

    store.close();

    assertThat(LedgerStore.listsFile(file)).doesNotExist();
    assertThatThrownBy(() -> store.value("ticket-lists:e", "after close")).as("a closed store opens nothing again")
        .isInstanceOf(TicketException.class).hasMessageContaining("closed");
    assertThat(LedgerStore.listsFile(file)).doesNotExist();
  }

  @Test
  void aListsFileThatCannotBeOpened_holdsUpNoScan_andItsFirstUseFailsTyped_losingNothing() throws Exception {
    Path file = dir.resolve("gate.db");
    Path lists = LedgerStore.listsFile(file);
    Files.createDirectories(lists.resolve("in-the-way")); // a directory where the lists' file belongs
    try (LedgerStore store = LedgerStore.open(file, DurableScanLedger.Durability.PROCESS_CRASH)) {
      assertThat(store.decideEntry(TicketId.of("T-1"), EntryRules.of(1), scan(), "n-1", false).granted()).isTrue();

      assertThatThrownBy(() -> store.value("ticket-lists:e", "v1")).isInstanceOf(TicketException.class)
          .hasMessageContaining(lists.toAbsolutePath().toString()).hasMessageContaining("opened")
          .hasCauseInstanceOf(SQLException.class);
      assertThatThrownBy(() -> store.value("ticket-lists:e")).isInstanceOf(TicketException.class)
          .hasCauseInstanceOf(SQLException.class);
      assertThat(store.decideEntry(TicketId.of("T-2"), EntryRules.of(1), scan(), "n-2", false).granted()).isTrue();

      Files.delete(lists.resolve("in-the-way"));
      Files.delete(lists);
      store.value("ticket-lists:e", "v2");
      assertThat(store.value("ticket-lists:e")).as("opened on the next use once the way is clear").contains("v2");
      assertThat(store.entriesUsed()).containsEntry(TicketId.of("T-1"), 1).containsEntry(TicketId.of("T-2"), 1);
    }
    assertThat(lists).isRegularFile();
  }

  private static Scan scan() {
    return new Scan(GateId.of("north-1"), Instant.parse("2026-06-13T18:00:00Z"));
  }
}
