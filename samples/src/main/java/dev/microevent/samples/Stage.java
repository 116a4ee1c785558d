package dev.microevent.samples;

import java.io.PrintStream;
import java.util.Locale;

/** Where an act prints: every line stamped with the seconds since the act started. */
final class Stage {
  private final PrintStream out;
  private final long t0 = System.nanoTime();

  Stage(PrintStream out) {
    this.out = out;
  }

  PrintStream out() {
    return out;
  }

  double seconds() {
    return (System.nanoTime() - t0) / 1e9;
  }

  void say(String line) {
    out.println(String.format(Locale.ROOT, "[%5.1fs] ", seconds()) + line);
  }

  void title(String text) {
    out.println();
    out.println(text);
    out.println("-".repeat(text.length()));
  }
}
