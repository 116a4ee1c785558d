package dev.microevent.commerce.tickets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.microevent.commerce.tickets.internal.SqliteScanLedger;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gate process scanning 10,000 tickets on a SQLite ledger (on disk, the default durability as in
 * production: {@code synchronous=NORMAL}, the WAL checkpointed in the background), killed with SIGKILL at a random moment and restarted on the same file, 20 times:
 * no admit it answered is lost, and no ticket is admitted more often than it allows. Each run scans
 * every ticket in a new random order, so it meets tickets the runs before admitted (and those
 * committed just before a kill, unanswered) and must refuse them. A run's answers are the lines its
 * output file holds once it is dead, and each kill is judged on its own: the grants the ledger
 * recorded for that run's gate hold every admit it answered and at most one more per scanner
 * thread (the claim committed but killed before its line was written).
 */
class SqliteLedgerCrashIT {
  private static final int TICKETS = 10_000;
  private static final int KILLS = 20;
  /** A run is killed after 1..this many admits answered, give or take the poll. */
  private static final int MOST_BEFORE_KILL = 300;
  /**
   * How far past that a run may go when the kill comes late (a busy machine) before it stops
   * claiming: 20 x (300 + 200 + 1 answered + 2 not) of the 11,000 entries at most, so no run finds
   * the ledger used up.
   */
  private static final int LATE_KILL_SLACK = 200;
  private static final Pattern ADMIT = Pattern.compile("A (T-(\\d+)) \\.");

  @TempDir
  Path dir;

  /**
   * Starts one run of the child gate, its standard output going to {@code out}: a file holds every
   * line the child wrote before it was killed, read or not (a pipe would be closed by {@link
   * Process#destroyForcibly()} with the lines not yet read still in it).
   */
  private Process start(Path ledger, int run, int cap, Path out) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    try {
      return new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx128m",
          "-cp", System.getProperty("java.class.path"), LedgerCrashChild.class.getName(),
          ledger.toString(), Integer.toString(TICKETS), Integer.toString(run), Integer.toString(cap))
          .redirectOutput(out.toFile())
          .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("child.log").toFile()))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The complete lines a run wrote so far (a line being written is left out). */
  private static List<String> lines(Path out) {
    try {
      String text = Files.readString(out, StandardCharsets.US_ASCII);
      return List.of(text.substring(0, text.lastIndexOf('\n') + 1).split("\n"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The tickets a run answered admitted, one per {@code A <ticket> .} line. */
  private static List<String> answered(List<String> lines) {
    List<String> tickets = new ArrayList<>();
    for (String line : lines) {
      Matcher m = ADMIT.matcher(line);
      if (m.matches()) {
        tickets.add(m.group(1));
      }
    }
    return tickets;
  }

  /** The tickets each gate (run) was granted an entry of, as the ledger file recorded the grants. */
  private static Map<String, List<String>> grantsByGate(Path ledger) throws SQLException {
    Map<String, List<String>> grants = new HashMap<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + ledger);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT gate, ticket FROM scans WHERE op = 'E' ORDER BY seq")) {
      while (rs.next()) {
        grants.computeIfAbsent(rs.getString(1), g -> new ArrayList<>()).add(rs.getString(2));
      }
    }
    return grants;
  }

  @Test
  void killedAtRandomMoments_losesNoAnsweredAdmit_andAdmitsNoTicketBeyondItsEntries() throws Exception {
    Path ledger = dir.resolve("gate.db");
    long seed = System.nanoTime();
    Random random = new Random(seed);
    Map<String, Integer> reported = new HashMap<>();
    Map<Integer, List<String>> answeredByRun = new TreeMap<>();
    int kills = 0;
    int capped = 0;
    while (kills < KILLS) {
      int run = kills + 1;
      Path out = dir.resolve("run-" + run + ".out");
      int admits = 1 + random.nextInt(MOST_BEFORE_KILL);
      Process child = start(ledger, run, admits + LATE_KILL_SLACK, out);
      try {
        await("run " + run + " ready (seed " + seed + ")").atMost(Duration.ofSeconds(60))
            .until(() -> lines(out).contains("READY") || !child.isAlive());
        // A random moment while it scans (after `admits` admits, give or take the poll): SIGKILL, nothing flushed
        // or closed.
        await("run " + run + " admitting (seed " + seed + ")").atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(1))
            .until(() -> answered(lines(out)).size() >= admits || !child.isAlive());
        assertThat(child.isAlive()).as("run %d still running when killed (seed %d), see %s", run, seed,
            dir.resolve("child.log")).isTrue();
      } finally {
        child.destroyForcibly();
      }
      kills++;
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("run %d ended", run).isTrue();
      // Dead, so its file holds every line it wrote: exactly the admits it answered.
      List<String> answers = answered(lines(out));
      capped += answers.size() >= admits + LATE_KILL_SLACK ? 1 : 0;
      answeredByRun.put(run, answers);
      answers.forEach(t -> reported.merge(t, 1, Integer::sum));
    }

    Map<TicketId, Integer> used;
    int readmitted = 0;
    try (SqliteScanLedger reopened = SqliteScanLedger.open(ledger)) {
      used = reopened.entriesUsed();
      // End to end: every ticket answered admitted as often as it allows is refused now.
      for (Map.Entry<String, Integer> r : reported.entrySet()) {
        int entries = LedgerCrashChild.entries(Integer.parseInt(r.getKey().substring(2)));
        if (r.getValue() >= entries && reopened.claimEntry(TicketId.of(r.getKey()), EntryRules.of(entries),
            new Scan(GateId.of("parent"), java.time.Instant.now())).granted()) {
          readmitted++;
        }
      }
    }
    // Per kill: what the run's gate was granted (its scan rows) against what it answered.
    Map<String, List<String>> grants = grantsByGate(ledger);
    Map<Integer, Integer> unanswered = new TreeMap<>();
    int lostInRun = 0;
    for (Map.Entry<Integer, List<String>> a : answeredByRun.entrySet()) {
      List<String> granted = grants.getOrDefault("crash-gate-" + a.getKey(), List.of());
      Map<String, Integer> left = new HashMap<>();
      granted.forEach(t -> left.merge(t, 1, Integer::sum));
      for (String t : a.getValue()) {
        lostInRun += left.merge(t, -1, Integer::sum) < 0 ? 1 : 0;
      }
      unanswered.put(a.getKey(), granted.size() - a.getValue().size());
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
    for (int i = 0; i < TICKETS; i++) {
      over += used.getOrDefault(TicketId.of("T-" + i), 0) > LedgerCrashChild.entries(i) ? 1 : 0;
    }
    int inLedger = used.values().stream().mapToInt(Integer::intValue).sum();
    System.out.printf("crash IT: %d SIGKILLs (seed %d); %d admits answered, %d entries in the ledger (%d committed "
        + "but killed before the answer was printed, per kill %s; %d runs stopped at their cap before the kill came); "
        + "lost %d, admitted beyond entries %d, re-admitted %d%n", kills, seed, answered, inLedger, inLedger - answered,
        unanswered.values(), capped, lost, twice, readmitted);

    assertThat(kills).as("SIGKILLs").isEqualTo(KILLS);
    assertThat(Files.readAllLines(dir.resolve("child.log"))).as("what the runs logged (a scanner that threw stopped "
        + "early)").noneMatch(l -> l.contains("Exception") || l.contains(" WARN ") || l.contains(" ERROR "));
    assertThat(answered).as("admits answered").isPositive();
    assertThat(lost).as("tickets with an answered admit missing from the ledger").isZero();
    assertThat(lostInRun).as("answered admits the ledger holds no grant of from the run that answered them (seed %d)",
        seed).isZero();
    assertThat(twice).as("tickets answered admitted more often than they allow").isZero();
    assertThat(over).as("tickets over their entries in the ledger").isZero();
    assertThat(readmitted).as("fully used tickets admitted again after the crashes").isZero();
    assertThat(grants.values().stream().mapToInt(List::size).sum()).as("grants recorded = entries used")
        .isEqualTo(inLedger);
    assertThat(unanswered).as("committed but unanswered per kill (run: grants - answers), seed %d", seed)
        .allSatisfy((run, n) -> assertThat(n).as("run %d: at most one per scanner", run)
            .isBetween(0, LedgerCrashChild.SCANNERS));
  }
}
