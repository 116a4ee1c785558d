package dev.microevent.power.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microevent.core.SdkException;
import dev.microevent.core.fuzz.Fuzz;
import dev.microevent.core.time.VirtualTime;
import dev.microevent.power.NutConfig;
import dev.microevent.power.PowerReading;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * upsd's answers, fuzzed through the calls an app makes ({@code read()}, {@code variable()},
 * {@code listUps()}): typed errors only, no hang, bounded memory, and after any answer the source
 * gets back to a good one. {@code -Dfuzz.inputs=1000000} for the long run.
 */
class NutFuzzTest {
  static final String GOOD_VARS = """
      BEGIN LIST VAR dummy
      VAR dummy battery.charge "100"
      VAR dummy battery.runtime "3000"
      VAR dummy ups.status "OL"
      VAR dummy ups.realpower "225"
      END LIST VAR dummy
      """;
  private static final String[] ANSWERS = {
      GOOD_VARS,
      """
      BEGIN LIST VAR dummy
      VAR dummy battery.charge "023.4"
      VAR dummy battery.runtime "65535"
      VAR dummy battery.voltage "27.2"
      VAR dummy ups.status "OB DISCHRG LB"
      VAR dummy ups.load "50"
      VAR dummy ups.realpower.nominal "900"
      VAR dummy ups.alarm "Replace battery! \\"now\\" \\\\ please"
      END LIST VAR dummy
      """,
      "BEGIN LIST VAR dummy\nVAR dummy ups.status \"WAIT\"\nEND LIST VAR dummy\n",
      "ERR DATA-STALE\n",
      "ERR UNKNOWN-UPS\n",
      "BEGIN LIST VAR dummy\r\nVAR dummy ups.status \"OL CHRG\"\r\nEND LIST VAR dummy\r\n",
      // upper-casing a sharp s makes two letters: a JDK toUpperCase grows its copy by each, quadratically
      "ERR " + "\u00df".repeat(4000) + "\n",
      "BEGIN LIST VAR dummy\nVAR dummy ups.status \"" + "\u00df".repeat(4000) + "\"\nEND LIST VAR dummy\n",
  };

  private final VirtualTime time = VirtualTime.startingAt(Instant.parse("2026-06-01T12:00:00Z"));
  private final NutConfig config = NutConfig.builder().upsName("dummy").clock(time.clock()).build();

  /** A source whose first connection answers with the input, and every later one with a good answer. */
  private DefaultNutSource source(byte[] firstAnswer) {
    AtomicReference<byte[]> next = new AtomicReference<>(firstAnswer);
    return new DefaultNutSource(config, opened -> {
      byte[] answer = next.getAndSet(GOOD_VARS.getBytes(StandardCharsets.US_ASCII));
      return NutConnection.over(new ByteArrayInputStream(answer), OutputStream.nullOutputStream());
    });
  }

  /** Reads until the good answer comes: each read uses up at least a line of the input or drops it. */
  private void recovers(DefaultNutSource ups, byte[] input) {
    int lines = 2;
    for (byte b : input) {
      lines += b == '\n' ? 1 : 0;
    }
    PowerReading good = null;
    for (int i = 0; i < lines && good == null; i++) {
      time.advance(Duration.ofMinutes(1)); // past any reconnect backoff
      try {
        PowerReading r = ups.read();
        good = r.values().equals(java.util.Map.of("battery.charge", "100", "battery.runtime", "3000",
            "ups.status", "OL", "ups.realpower", "225")) ? r : null;
      } catch (SdkException e) {
        // still the fuzzed answer's leftovers
      }
    }
    assertThat(good).as("the good answer after the fuzzed one").isNotNull();
    assertThat(good.runtime()).contains(Duration.ofMinutes(50));
  }

  private static String[] seeds(String... extra) {
    String[] all = new String[ANSWERS.length + extra.length];
    System.arraycopy(ANSWERS, 0, all, 0, ANSWERS.length);
    System.arraycopy(extra, 0, all, ANSWERS.length, extra.length);
    return all;
  }

  private static void fuzz(String name, Fuzz.Target target, String... seeds) throws Exception {
    target.accept(seeds[0].getBytes(StandardCharsets.UTF_8)); // loads the classes: no input's allocation
    System.out.println(Fuzz.parser(name, target).seeds(seeds).typed(SdkException.class)
        .dictionary("BEGIN", "END", "LIST", "VAR", "UPS", "CMD", "dummy", "ERR", "OK", "ups.status", "battery.runtime",
            "battery.charge", "ups.load", "ups.realpower.nominal", "OL", "OB", "LB", "WAIT", "\"", "\\\"", "65535")
        .run());
  }

  @Test
  void listVarAnswers_throughRead() throws Exception {
    fuzz("NUT LIST VAR via NutSource.read()", in -> {
      try (DefaultNutSource ups = source(in)) {
        try {
          ups.read();
        } catch (SdkException typed) {
          recovers(ups, in);
          throw typed;
        }
        recovers(ups, in);
      }
    }, seeds());
  }

  @Test
  void getVarAnswers_throughVariable() throws Exception {
    fuzz("NUT GET VAR via NutSource.variable()", in -> {
      try (DefaultNutSource ups = source(in)) {
        ups.variable("battery.runtime");
      }
    }, "VAR dummy battery.runtime \"3000\"\n", "VAR dummy battery.runtime \"\"\n", "ERR VAR-NOT-SUPPORTED\n",
        "ERR ACCESS-DENIED\n", "VAR dummy battery.runtime \"a \\\"b\\\" \\\\ c\"\n");
  }

  @Test
  void listUpsAnswers_throughListUps() throws Exception {
    fuzz("NUT LIST UPS via NutSource.listUps()", in -> {
      try (DefaultNutSource ups = source(in)) {
        ups.listUps();
      }
    }, "BEGIN LIST UPS\nUPS dummy \"Stage \\\"A\\\" UPS \\\\ main\"\nUPS other \"Unavailable\"\nEND LIST UPS\n",
        "BEGIN LIST UPS\nEND LIST UPS\n", "ERR ACCESS-DENIED\n");
  }
}
