package dev.microevent.power.internal;

import dev.microevent.core.time.Ticker;
import dev.microevent.power.NutErrorException;
import dev.microevent.power.PowerProtocolException;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One TCP connection to upsd: sends command lines, reads answer lines (at most {@value
 * #MAX_LINE} bytes each) and LIST blocks (at most {@value #MAX_LIST} lines and {@value
 * #MAX_ANSWER} bytes in all: a hostile endless answer costs a bounded heap), and turns {@code
 * ERR} answers into {@link NutErrorException}. The read timeout bounds each whole answer, not
 * each read. Not thread-safe; the caller serializes, but {@link #abort()} may come from any
 * thread.
 */
public final class NutConnection implements Closeable {
  static final int MAX_LINE = 8192;
  static final int MAX_LIST = 10_000;
  static final int MAX_ANSWER = 1 << 20;
  /** The source of the errors of a connection {@linkplain #over over given streams}. */
  static final String SCRIPTED = "nut://scripted";

  private final String source;
  private final Closeable transport;
  private final DeadlineInputStream answers;
  private final InputStream in;
  private final OutputStream out;
  private int answerBytes;

  private NutConnection(String source, Closeable transport, DeadlineInputStream answers, OutputStream out) {
    this.source = source;
    this.transport = transport;
    this.answers = answers;
    this.in = new BufferedInputStream(answers);
    this.out = out;
  }

  /**
   * Connects.
   *
   * @param source the server as {@link NutErrorException#source()} names it
   * @param host upsd's host
   * @param port its port
   * @param connectTimeout connect timeout
   * @param readTimeout the most one answer may take, in all
   * @param opened told the socket before it connects, so that closing it can end the connect or
   *     any later read from another thread
   * @return the connection
   * @throws IOException if it cannot connect
   */
  public static NutConnection open(String source, String host, int port, Duration connectTimeout, Duration readTimeout,
      Consumer<Closeable> opened) throws IOException {
    Socket s = new Socket();
    opened.accept(s);
    try {
      s.setTcpNoDelay(true);
      s.connect(new InetSocketAddress(host, port), Checks.socketMillis(connectTimeout));
      return new NutConnection(source, s, DeadlineInputStream.of(s, readTimeout), s.getOutputStream());
    } catch (IOException | RuntimeException e) {
      s.close();
      throw e;
    }
  }

  /**
   * A connection over given streams, without a socket: what upsd would answer, for tests.
   *
   * @param in upsd's answers
   * @param out where the commands go
   * @return the connection
   */
  static NutConnection over(InputStream in, OutputStream out) {
    return new NutConnection(SCRIPTED, in,
        new DeadlineInputStream(in, millis -> { }, Ticker.system(), Duration.ofMinutes(1)), out);
  }

  /**
   * Sends one command and reads its one-line answer.
   *
   * @param command the command line (no LF)
   * @param shown the command as it may appear in messages (passwords masked)
   * @return the answer line
   * @throws IOException on I/O failure
   * @throws NutErrorException on {@code ERR}
   */
  public String command(String command, String shown) throws IOException {
    send(command);
    return answer(shown);
  }

  /**
   * Sends {@code LIST <query>} and reads the block, checking the {@code BEGIN}/{@code END} echo.
   *
   * @param query e.g. {@code VAR dummy}
   * @return the words of each line between BEGIN and END
   * @throws IOException on I/O failure
   * @throws NutErrorException on {@code ERR}
   */
  public List<List<String>> list(String query) throws IOException {
    String shown = "LIST " + query;
    send(shown);
    String first = answer(shown);
    if (!first.equals("BEGIN " + shown)) {
      throw new PowerProtocolException("upsd answered '" + Checks.sanitize(first) + "' to '" + shown
          + "' instead of 'BEGIN " + shown + "'", null);
    }
    List<List<String>> lines = new ArrayList<>();
    while (true) {
      String line = readLine();
      if (line.equals("END " + shown)) {
        return lines;
      }
      if (lines.size() >= MAX_LIST) {
        throw new PowerProtocolException("upsd sent more than " + MAX_LIST + " lines for '" + shown + "'", null);
      }
      lines.add(NutWire.tokenize(line));
    }
  }

  private String answer(String shown) throws IOException {
    String line = readLine();
    if (line.startsWith("ERR ") || line.equals("ERR")) {
      List<String> words = NutWire.tokenize(line);
      throw new NutErrorException(words.size() > 1 ? words.get(1) : "", shown, source);
    }
    return line;
  }

  /** Sends a line; the time of its answer starts now. */
  private void send(String line) throws IOException {
    out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
    answers.startAnswer();
    answerBytes = 0;
  }

  private String readLine() throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream(128);
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("upsd closed the connection");
      }
      if (++answerBytes > MAX_ANSWER) {
        throw new PowerProtocolException("upsd sent an answer longer than " + MAX_ANSWER
            + " bytes; is this really a NUT server?", null);
      }
      if (b == '\n') {
        break;
      }
      if (buf.size() >= MAX_LINE) {
        throw new PowerProtocolException("upsd sent a line longer than " + MAX_LINE + " bytes", null);
      }
      buf.write(b);
    }
    String line = buf.toString(StandardCharsets.UTF_8);
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }

  /** Sends LOGOUT (best effort) and closes the socket. */
  @Override
  public void close() {
    try {
      send("LOGOUT");
    } catch (IOException ignored) {
      // closing anyway
    } finally {
      abort();
    }
  }

  /** Closes the socket without a word: ends a read or connect blocked in another thread at once. */
  void abort() {
    try {
      transport.close();
    } catch (IOException ignored) {
      // nothing left to do
    }
  }
}
