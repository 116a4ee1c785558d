package dev.microevent.core.logs;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.simple.SimpleServiceProvider;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * An SLF4J provider that writes through slf4j-simple, as the tests always did, and also hands
 * every event of a captured logger to its {@link LogCapture}, whatever slf4j-simple's level.
 * Selected by the system property {@code slf4j.provider} (no service file, so it never competes
 * with slf4j-simple on the class path).
 */
public final class CapturingProvider implements SLF4JServiceProvider {
  private final SimpleServiceProvider simple = new SimpleServiceProvider();
  private final ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();

  @Override
  public ILoggerFactory getLoggerFactory() {
    return name -> loggers.computeIfAbsent(name,
        n -> new CapturingLogger(n, simple.getLoggerFactory().getLogger(n)));
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return simple.getMarkerFactory();
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return simple.getMDCAdapter();
  }

  @Override
  public String getRequestedApiVersion() {
    return simple.getRequestedApiVersion();
  }

  @Override
  public void initialize() {
    simple.initialize();
  }

  private static final class CapturingLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;
    private final transient Logger delegate;

    CapturingLogger(String name, Logger delegate) {
      this.name = name;
      this.delegate = delegate;
    }

    private boolean enabled(Level level) {
      return LogCapture.active(name) || delegate.isEnabledForLevel(level);
    }

    @Override
    public boolean isTraceEnabled() {
      return enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
      return enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
      return enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
      return enabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
      return enabled(Level.ERROR);
    }

    @Override
    protected @Nullable String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, @Nullable Marker marker, String pattern,
        Object @Nullable [] arguments, @Nullable Throwable throwable) {
      String message = MessageFormatter.basicArrayFormat(pattern, arguments);
      LogCapture.record(name, level, message);
      if (delegate.isEnabledForLevel(level)) {
        delegate.atLevel(level).setCause(throwable).log(message);
      }
    }
  }
}
