package dev.microevent.power.internal;

import dev.microevent.core.Criticality;
import dev.microevent.core.SdkException;
import dev.microevent.core.fuzz.Fuzz;
import dev.microevent.core.time.VirtualTime;
import dev.microevent.power.BatterySpec;
import dev.microevent.power.Chemistry;
import dev.microevent.power.PowerClient;
import dev.microevent.power.PowerLoad;
import dev.microevent.power.PowerReading;
import dev.microevent.power.PowerSource;
import dev.microevent.power.PowerStatus;
import dev.microevent.power.protocol.VeDirectBlock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What each device protocol maps to a reading (NUT variables, apcupsd status, VE.Direct fields),
 * fuzzed through {@code PowerClient.refresh()}: the mapping throws only typed errors, and no value
 * makes a round throw (the budget, the policy, the meters). {@code -Dfuzz.inputs=1000000} for the
 * long run.
 */
class PowerReadingFuzzTest {
  private final VirtualTime time = VirtualTime.startingAt(Instant.parse("2026-06-01T12:00:00Z"));
  private final AtomicReference<PowerReading> next = new AtomicReference<>(
      PowerReading.builder("fuzzed", time.clock().instant()).chargePercent(100).build());
  /** Every round is this test's: a scheduled one would find the reading stale and alert, each time. */
  private final PowerClient power = PowerClient.builder().clock(time.clock()).scheduler(time.scheduler())
      .pollInterval(Duration.ofDays(1)).staleAfter(Duration.ofDays(1))
      .meterRegistry(new io.micrometer.core.instrument.simple.SimpleMeterRegistry())
      .addSource(new PowerSource() {
        @Override
        public String id() {
          return "fuzzed";
        }

        @Override
        public Optional<BatterySpec> battery() {
          return Optional.of(BatterySpec.of(Chemistry.LIFEPO4, 24, 100));
        }

        @Override
        public PowerReading read() {
          return next.get();
        }
      })
      .addLoad(PowerLoad.of("pos", Criticality.CRITICAL, 80))
      .addLoad(PowerLoad.of("analytics", Criticality.NON_ESSENTIAL, 120))
      .build();

  /** Upper-casing a sharp s makes two letters: a JDK toUpperCase grows its copy by each, quadratically. */
  private static final String SHARP_S = "\u00df".repeat(4000);

  private static java.util.List<byte[]> latin1(String seed) {
    return java.util.List.of(seed.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
  }

  @AfterEach
  void close() {
    power.close();
  }

  /** Splits lines at the first separator into name and value, as each protocol's parser does. */
  private static Map<String, String> pairs(byte[] in, char separator) {
    Map<String, String> pairs = new LinkedHashMap<>();
    for (String line : Fuzz.latin1(in).split("\n", -1)) {
      int at = line.indexOf(separator);
      if (at >= 0) {
        pairs.put(line.substring(0, at).trim(), line.substring(at + 1).trim());
      }
    }
    return pairs;
  }

  private interface Mapping {
    PowerReading map(byte[] in, Instant now);
  }

  private Fuzz through(String name, Mapping mapping, String... seeds) throws Exception {
    Fuzz.Target target = in -> {
      time.advance(Duration.ofSeconds(30)); // recovery delays run out
      next.set(mapping.map(in, time.clock().instant()));
      PowerStatus status = power.refresh();
      if (status.toString().isEmpty() || status.estimate().runtime().seconds() < 0) {
        throw new AssertionError("a status no one can read: " + status);
      }
    };
    target.accept(seeds[0].getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)); // loads the classes first
    return Fuzz.parser(name + " via PowerClient.refresh()", target).seeds(seeds).typed(SdkException.class)
        .dictionary("\n", " ", ":", "\t", "OL", "OB", "LB", "FSD", "ONBATT", "LOWBATT");
  }

  @Test
  void nutVariables() throws Exception {
    System.out.println(through("NUT variables", (in, now) -> DefaultNutSource.toReading("fuzzed", pairs(in, ' '), now),
        "ups.status OL\nbattery.charge 100\nbattery.runtime 3000\nups.realpower 225\nbattery.voltage 27.2",
        "ups.status OB DISCHRG LB\nbattery.charge 023.4\nbattery.runtime 999999999999999\nups.load 50\n"
            + "ups.realpower.nominal 999999999999999\nups.alarm Replace battery",
        "ups.status OL CHRG\nbattery.charge 15\nbattery.runtime 65535",
        "ups.status WAIT").seeds(latin1("ups.status " + SHARP_S)).run());
  }

  @Test
  void apcupsdStatus() throws Exception {
    System.out.println(through("apcupsd status", (in, now) -> ApcupsdNisSource.toReading("fuzzed", pairs(in, ':'), now),
        "STATUS : ONBATT\nBCHARGE : 55.0 Percent\nTIMELEFT : 12.5 Minutes\nLOADPCT : 30.0 Percent\nNOMPOWER : 900 Watts",
        "STATUS : ONLINE\nBCHARGE : 100.0 Percent\nTIMELEFT : 999999999999999 Minutes\nBATTV : 27.1 Volts",
        "STATUS : ONBATT LOWBATT NOBATT\nBCHARGE : 9.0 Percent",
        "STATUS : COMMLOST").seeds(latin1("STATUS : " + SHARP_S)).run());
  }

  @Test
  void veDirectFields() throws Exception {
    System.out.println(through("VE.Direct fields", (in, now) -> VeDirectStreamSource.toReading("fuzzed",
        new VeDirectBlock(pairs(in, '\t')), now),
        "PID\t0x203\nV\t24000\nI\t-5000\nP\t-120\nSOC\t800\nTTG\t999999999999999\nAlarm\tON\nAR\t5",
        "PID\t0xA05F\nV\t12810\nI\t-10\nPPV\t250\nIL\t5000\nCS\t3\nERR\t4294967299\nOR\t0x00000001",
        "PID\t0x203\nSOC\t-1\nTTG\t-1\nP\t999999999999999").run());
  }
}
