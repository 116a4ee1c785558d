package dev.microevent.commerce.tickets;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gate that {@link SqliteLedgerCrashIT} kills: opens the SQLite ledger, prints {@code READY},
 * then scans every ticket (multi-entry ones once more than they allow) in a random order on two
 * scanner threads, and prints {@code A <ticket> .} for each admit only after the ledger granted it
 * (committed) and the line is flushed. Once it answered {@code cap} admits it claims no more and
 * waits to be killed (or for the IT's process to end), so an IT that comes late to kill it (a busy
 * machine) cannot let it use up the ledger; {@code DONE} if every scan is through (the IT's cap
 * keeps that from happening). Arguments: ledger file, ticket count, run number (the gate's id and
 * the order's seed), cap.
 */
public final class LedgerCrashChild {
  static final int SCANNERS = 2;

  private LedgerCrashChild() {}

  /** Entries ticket {@code i} allows: every tenth is a two-entry pass. */
  static int entries(int i) {
    return i % 10 == 0 ? 2 : 1;
  }

  /**
   * Runs the gate.
   *
   * @param args file, tickets, run
   * @throws InterruptedException if interrupted
   */
  public static void main(String[] args) throws InterruptedException {
    Path file = Path.of(args[0]);
    int tickets = Integer.parseInt(args[1]);
    int run = Integer.parseInt(args[2]);
    int cap = Integer.parseInt(args[3]);
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.US_ASCII);
    List<Integer> scans = new ArrayList<>();
    for (int i = 0; i < tickets; i++) {
      for (int k = 0; k < (entries(i) > 1 ? entries(i) + 1 : 1); k++) {
        scans.add(i);
      }
    }
    Collections.shuffle(scans, new Random(run));
    GateId gate = GateId.of("crash-gate-" + run);
    try (DurableScanLedger ledger = ScanLedger.sqlite(file)) {
      synchronized (out) {
        out.println("READY");
        out.flush();
      }
      AtomicInteger next = new AtomicInteger();
      AtomicInteger answered = new AtomicInteger();
      List<Thread> scanners = new ArrayList<>();
      for (int s = 0; s < SCANNERS; s++) {
        Thread t = new Thread(() -> {
          for (int n = next.getAndIncrement(); n < scans.size() && answered.get() < cap; n = next.getAndIncrement()) {
            int i = scans.get(n);
            if (ledger.claimEntry(TicketId.of("T-" + i), EntryRules.of(entries(i)), new Scan(gate, Instant.now()))
                .granted()) {
              synchronized (out) {
                out.println("A T-" + i + " .");
                out.flush();
              }
              answered.incrementAndGet();
            }
          }
        }, "scanner-" + s);
        t.start();
        scanners.add(t);
      }
      for (Thread t : scanners) {
        t.join();
      }
      if (answered.get() >= cap) {
        ProcessHandle.current().parent().ifPresent(it -> it.onExit().join());
        return;
      }
    }
    synchronized (out) {
      out.println("DONE");
      out.flush();
    }
  }
}
