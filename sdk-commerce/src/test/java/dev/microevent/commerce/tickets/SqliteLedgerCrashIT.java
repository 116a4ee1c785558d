package dev.microevent.commerce.tickets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.microevent.commerce.tickets.internal.SqliteScanLedger;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gate process scanning 10,000 tickets on a SQLite ledger, killed with SIGKILL at random moments
 * (at least 20 times) and restarted on the same file until it has scanned everything: no admit it
 * answered is lost, and no ticket is admitted more often than it allows.
 */
class SqliteLedgerCrashIT {
  private static final int TICKETS = 10_000;
  private static final int KILLS = 20;
  private static final Pattern ADMIT = Pattern.compile("A (T-(\\d+)) \\.");

  @TempDir
  Path dir;

  /** One run of the child gate: its process and every complete line it printed. */
  private static final class Child {
    final Process process;
    final List<String> lines = new CopyOnWriteArrayList<>();
    final Thread reader;

    Child(Process process) {
      this.process = process;
      this.reader = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.US_ASCII))) {
          for (String line = r.readLine(); line != null; line = r.readLine()) {
            lines.add(line);
          }
        } catch (IOException e) {
          lines.add("READ FAILED " + e);
        }
      }, "crash-child-reader");
      reader.start();
    }

    boolean done() {
      return lines.contains("DONE");
    }
  }

  private Child start(Path ledger, int run) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    try {
      return new Child(new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx128m",
          "-cp", System.getProperty("java.class.path"), LedgerCrashChild.class.getName(),
          ledger.toString(), Integer.toString(TICKETS), Integer.toString(run))
          .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("child.log").toFile()))
          .start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void killedAtRandomMoments_losesNoAnsweredAdmit_andAdmitsNoTicketBeyondItsEntries() throws Exception {
    Path ledger = dir.resolve("gate.db");
    long seed = System.nanoTime();
    Random random = new Random(seed);
    Map<String, Integer> reported = new HashMap<>();
    int kills = 0;
    int runs = 0;
    boolean finished = false;
    while (!finished) {
      Child child = start(ledger, runs++);
      await("run " + runs + " ready (seed " + seed + ")").atMost(Duration.ofSeconds(60))
          .until(() -> child.lines.contains("READY") || !child.process.isAlive());
      boolean killed = kills < KILLS;
      if (killed) {
        // A random moment while it scans (after 1..300 admits, give or take the poll): SIGKILL, nothing flushed or
        // closed. At most 20 x 300 of the 11,000 entries go this way, so every killed run is mid-work.
        int admits = 1 + random.nextInt(300);
        await("run " + runs + " admitting").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(1))
            .until(() -> child.lines.size() > admits || !child.process.isAlive());
        assertThat(child.process.isAlive()).as("run %d still scanning when killed (seed %d), see %s", runs, seed,
            dir.resolve("child.log")).isTrue();
        child.process.destroyForcibly();
        kills++;
      }
      assertThat(child.process.waitFor(60, TimeUnit.SECONDS)).as("run %d ended", runs).isTrue();
      child.reader.join(TimeUnit.SECONDS.toMillis(30));
      finished = child.done();
      assertThat(finished || killed).as("the run left alone scans to the end (seed %d), see %s", seed,
          dir.resolve("child.log")).isTrue();
      for (String line : child.lines) {
        Matcher m = ADMIT.matcher(line);
        if (m.matches()) {
          reported.merge(m.group(1), 1, Integer::sum);
        }
      }
    }

    Map<TicketId, Integer> used;
    try (SqliteScanLedger reopened = SqliteScanLedger.open(ledger)) {
      used = reopened.entriesUsed();
    }
    int lost = 0;
    int twice = 0;
    int answered = 0;
    for (Map.Entry<String, Integer> r : reported.entrySet()) {
      int i = Integer.parseInt(r.getKey().substring(2));
      answered += r.getValue();
      twice += r.getValue() > LedgerCrashChild.entries(i) ? 1 : 0;
      lost += used.getOrDefault(TicketId.of(r.getKey()), 0) < r.getValue() ? 1 : 0;
    }
    int over = 0;
    int complete = 0;
    int allowed = 0;
    for (int i = 0; i < TICKETS; i++) {
      int u = used.getOrDefault(TicketId.of("T-" + i), 0);
      over += u > LedgerCrashChild.entries(i) ? 1 : 0;
      complete += u == LedgerCrashChild.entries(i) ? 1 : 0;
      allowed += LedgerCrashChild.entries(i);
    }
    System.out.printf("crash IT: %d SIGKILLs over %d runs (seed %d); %d admits answered, %d entries in the ledger "
        + "(%d committed but killed before the answer was printed); lost %d, admitted twice %d%n", kills, runs, seed,
        answered, used.values().stream().mapToInt(Integer::intValue).sum(),
        used.values().stream().mapToInt(Integer::intValue).sum() - answered, lost, twice);

    assertThat(kills).as("SIGKILLs").isEqualTo(KILLS);
    assertThat(runs).as("every killed run restarted, then one ran to the end").isEqualTo(KILLS + 1);
    assertThat(lost).as("tickets with an answered admit missing from the ledger").isZero();
    assertThat(twice).as("tickets answered admitted more often than they allow").isZero();
    assertThat(over).as("tickets over their entries in the ledger").isZero();
    assertThat(complete).as("every ticket used all its entries once the last run finished").isEqualTo(TICKETS);
    assertThat(answered).isLessThanOrEqualTo(allowed);
    assertThat(Files.size(ledger)).isPositive();
  }
}
