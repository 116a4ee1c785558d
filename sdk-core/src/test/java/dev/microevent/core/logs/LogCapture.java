package dev.microevent.core.logs;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * What one class logged while the capture was open, every level included:
 * <pre>{@code
 * try (LogCapture logs = LogCapture.of(DefaultMicroEventClient.class)) {
 *   ...
 *   assertThat(logs.at(Level.INFO)).isEmpty();
 * }
 * }</pre>
 * Needs the {@link CapturingProvider} (see the package summary); fails fast without it.
 */
public final class LogCapture implements AutoCloseable {
  private static final List<LogCapture> OPEN = new CopyOnWriteArrayList<>();

  /** One logged line: its level and its message with the arguments filled in. */
  public record Event(Level level, String message) {
  }

  private final String logger;
  private final List<Event> events = new CopyOnWriteArrayList<>();

  private LogCapture(String logger) {
    this.logger = logger;
  }

  /** Starts capturing what {@code type}'s logger logs, until {@link #close()}. */
  public static LogCapture of(Class<?> type) {
    if (!(LoggerFactory.getILoggerFactory().getLogger(type.getName()).getClass().getEnclosingClass()
        == CapturingProvider.class)) {
      throw new IllegalStateException("SLF4J is not using " + CapturingProvider.class.getName()
          + "; set the system property slf4j.provider to it in the module's surefire/failsafe configuration");
    }
    LogCapture capture = new LogCapture(type.getName());
    OPEN.add(capture);
    return capture;
  }

  /** Every event captured so far, in order. */
  public List<Event> events() {
    return List.copyOf(events);
  }

  /** The messages captured at {@code level}, in order. */
  public List<String> at(Level level) {
    return events.stream().filter(e -> e.level() == level).map(Event::message).toList();
  }

  @Override
  public void close() {
    OPEN.remove(this);
  }

  static boolean active(String logger) {
    for (LogCapture c : OPEN) {
      if (c.logger.equals(logger)) {
        return true;
      }
    }
    return false;
  }

  static void record(String logger, Level level, String message) {
    for (LogCapture c : OPEN) {
      if (c.logger.equals(logger)) {
        c.events.add(new Event(level, message));
      }
    }
  }
}
