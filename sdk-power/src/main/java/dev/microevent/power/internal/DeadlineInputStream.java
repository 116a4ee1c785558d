package dev.microevent.power.internal;

import dev.microevent.core.time.Ticker;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * A socket's input with one deadline for a whole answer instead of one timeout per read: before
 * each read the socket's timeout is set to what is left of the answer's time, so a server that
 * sends one byte just inside the timeout, forever, fails at the deadline rather than holding the
 * caller for hours. {@link #startAnswer()} starts the clock for the next answer. The deadline is
 * measured on a {@link Ticker}: a socket's read timeout runs on real time, so {@link #of} uses
 * {@link Ticker#system()}; a test may hand in a virtual one. Not thread-safe.
 */
final class DeadlineInputStream extends FilterInputStream {
  /** Sets the underlying read timeout, in ms (a socket's {@code setSoTimeout}). */
  @FunctionalInterface
  interface ReadTimeout {
    void set(int millis) throws IOException;
  }

  private final ReadTimeout readTimeout;
  private final Ticker ticker;
  private final long budgetNanos;
  private long deadline;

  /**
   * Wraps a stream.
   *
   * @param in the stream
   * @param readTimeout sets its read timeout
   * @param ticker measures the deadline
   * @param budget the most one answer may take
   */
  DeadlineInputStream(InputStream in, ReadTimeout readTimeout, Ticker ticker, Duration budget) {
    super(in);
    this.readTimeout = readTimeout;
    this.ticker = ticker;
    this.budgetNanos = Checks.socketMillis(budget) * 1_000_000L;
    startAnswer();
  }

  /**
   * A socket's input.
   *
   * @param socket a connected socket
   * @param budget the most one answer may take
   * @return the stream
   * @throws IOException if the socket has no input
   */
  static DeadlineInputStream of(Socket socket, Duration budget) throws IOException {
    return new DeadlineInputStream(socket.getInputStream(), socket::setSoTimeout, Ticker.system(), budget);
  }

  /** Starts the time of the next answer: from now, it has the whole budget. */
  void startAnswer() {
    deadline = ticker.read() + budgetNanos;
  }

  private void arm() throws IOException {
    long left = deadline - ticker.read();
    if (left <= 0) {
      throw new SocketTimeoutException("the answer did not arrive within " + budgetNanos / 1_000_000 + " ms");
    }
    readTimeout.set((int) Math.max(1, Math.min(Integer.MAX_VALUE, left / 1_000_000)));
  }

  @Override
  public int read() throws IOException {
    arm();
    return super.read();
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    arm();
    return super.read(b, off, len);
  }

  @Override
  public long skip(long n) throws IOException {
    arm();
    return super.skip(n);
  }
}
