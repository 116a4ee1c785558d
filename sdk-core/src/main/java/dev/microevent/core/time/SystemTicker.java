package dev.microevent.core.time;

/** {@link Ticker#system()}: the JVM's monotonic clock. */
enum SystemTicker implements Ticker {
  INSTANCE;

  @Override
  public long read() {
    return System.nanoTime();
  }
}
