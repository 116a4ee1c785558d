package dev.microevent.plane.vendor;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one place the plane touches {@code java.util.logging}: Selenium logs through it, and at FINE
 * its loggers print every command, the keys typed into a login form included. Holding them at INFO
 * keeps console credentials out of every log (the plane itself logs through SLF4J only; the
 * architecture test exempts this class by name for this reason).
 */
final class SeleniumLogs {
  /** Held strongly: java.util.logging keeps loggers weakly, and a collected one forgets its level. */
  private static final Logger SELENIUM = Logger.getLogger("org.openqa.selenium");

  private SeleniumLogs() {}

  /** Raises Selenium's loggers to INFO unless an app already set them at INFO or above. */
  static void neverBelowInfo() {
    Level level = SELENIUM.getLevel();
    if (level == null || level.intValue() < Level.INFO.intValue()) {
      SELENIUM.setLevel(Level.INFO);
    }
  }
}
