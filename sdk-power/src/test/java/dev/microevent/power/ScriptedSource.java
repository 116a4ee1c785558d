package dev.microevent.power;

import java.time.Clock;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/** A source whose next reading the test sets; stamped with the test clock. */
final class ScriptedSource implements PowerSource {
  private final String id;
  private final Clock clock;
  private final @Nullable BatterySpec battery;
  private volatile UnaryOperator<PowerReading.Builder> reading = b -> b;
  private volatile @Nullable RuntimeException failure;
  volatile boolean closed;

  ScriptedSource(String id, Clock clock, @Nullable BatterySpec battery) {
    this.id = id;
    this.clock = clock;
    this.battery = battery;
  }

  ScriptedSource set(UnaryOperator<PowerReading.Builder> next) {
    this.reading = next;
    this.failure = null;
    return this;
  }

  ScriptedSource fail(RuntimeException e) {
    this.failure = e;
    return this;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public Optional<BatterySpec> battery() {
    return Optional.ofNullable(battery);
  }

  @Override
  public PowerReading read() {
    RuntimeException f = failure;
    if (f != null) {
      throw f;
    }
    return reading.apply(PowerReading.builder(id, clock.instant())).build();
  }

  @Override
  public void close() {
    closed = true;
  }
}
