package dev.microevent.core.fuzz;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongUnaryOperator;

/**
 * A seeded fuzz harness for every parser of outside bytes: it feeds a parser random inputs and
 * mutations of valid seeds, and fails when an input makes it throw anything but the parser's typed
 * errors, run longer than a bound (a hang), or allocate more than a bound (a memory bomb).
 *
 * <p>In {@code mvn verify} each parser gets a small, fixed-seed run; the on-demand run takes
 * {@code -Dfuzz.inputs=1000000} (and {@code -Dfuzz.seed=N} for another sequence):
 *
 * <pre>{@code
 * mvn -B verify -Dfuzz.inputs=1000000 -Dtest='*FuzzTest' -Dsurefire.failIfNoSpecifiedTests=false -DskipITs
 * }</pre>
 *
 * <p>Every distinct failure (exception type and throwing frame) is collected with the first input
 * that caused it, so one run reports every bug, each with a reproducible input. Not thread-safe:
 * one run per instance.
 *
 * <pre>{@code
 * Fuzz.parser("Retry-After", in -> RetryAfter.parse(Fuzz.ascii(in), clock))
 *     .seeds("120", "Wed, 21 Oct 2015 07:28:00 GMT")
 *     .typed(SdkException.class)
 *     .run();
 * }</pre>
 */
public final class Fuzz {
  /** What a parser under test does with one input. */
  @FunctionalInterface
  public interface Target {
    /**
     * Parses one input.
     *
     * @param input the bytes
     * @throws Exception anything: the harness decides whether it is a typed error
     */
    void accept(byte[] input) throws Exception;
  }

  /** Inputs per parser when {@code -Dfuzz.inputs} is not given: small enough for every build. */
  public static final int DEFAULT_INPUTS = 3_000;

  private static final byte[][] INTERESTING = strings(
      "", "0", "-1", "-0", "1e40", "-1e40", "1e999", "11e27172646802", "NaN", "Infinity", "2147483647",
      "2147483648", "-2147483649", "4294967296", "9223372036854775807", "9223372036854775808",
      "-9223372036854775809", "999999999999999999999999", "0x7fffffff", "00000000000000000001", "1.", ".1",
      "\"", "\\", "\\u0000", "\\ud800", "{", "}", "[", "]", ",", ":", "=", ";", "\r", "\n", "\r\n", "\t", " ",
      "\0", "\u00ff", "\u00e9", "\ud83d\ude00", "null", "true", "false", "[null]", "{}", "[]", "\"\"",
      "9999-12-31T23:59:59Z", "+999999999-12-31T23:59:59Z", "Thu, 01 Jan 1970 00:00:00 GMT",
      "Fri, 31 Dec 9999 23:59:59 GMT", "max-age=", "no-cache", "W/\"", "%", "%00", "%zz");

  private final String name;
  private final Target target;
  private final List<byte[]> seeds = new ArrayList<>();
  private final List<byte[]> dictionary = new ArrayList<>(List.of(INTERESTING));
  private final List<Class<? extends Throwable>> typed = new ArrayList<>();
  private int inputs = Integer.getInteger("fuzz.inputs", DEFAULT_INPUTS);
  private long seed = Long.getLong("fuzz.seed", 20261206L);
  private int maxLength = 4_096;
  private long maxMillisPerInput = Long.getLong("fuzz.maxMillis", 5_000L);
  private LongUnaryOperator maxAllocation = length -> 4L * 1024 * 1024 + 256 * length;

  private Fuzz(String name, Target target) {
    this.name = name;
    this.target = target;
  }

  /**
   * Starts a run against one parser.
   *
   * @param name the parser, as failures will name it
   * @param target what it does with one input
   * @return the run, to configure
   */
  public static Fuzz parser(String name, Target target) {
    return new Fuzz(Objects.requireNonNull(name, "name"), Objects.requireNonNull(target, "target"));
  }

  /**
   * Valid inputs to mutate (UTF-8).
   *
   * @param valid the seeds
   * @return this run
   */
  public Fuzz seeds(String... valid) {
    for (String s : valid) {
      seeds.add(s.getBytes(StandardCharsets.UTF_8));
    }
    return this;
  }

  /**
   * Valid inputs to mutate.
   *
   * @param valid the seeds
   * @return this run
   */
  public Fuzz seeds(List<byte[]> valid) {
    valid.forEach(b -> seeds.add(b.clone()));
    return this;
  }

  /**
   * Tokens the mutator splices in besides its built-in ones (numbers at the edges of their types,
   * quotes, brackets, line ends, dates at the edges of their range): the format's keywords.
   *
   * @param tokens the tokens
   * @return this run
   */
  public Fuzz dictionary(String... tokens) {
    dictionary.addAll(List.of(strings(tokens)));
    return this;
  }

  /**
   * The parser's typed errors: throwing one of these (or a subtype) is a correct answer to bad
   * input. Anything else thrown is a failure of the run.
   *
   * @param types the typed errors
   * @return this run
   */
  public Fuzz typed(Class<?>... types) {
    for (Class<?> type : types) {
      typed.add(type.asSubclass(Throwable.class));
    }
    return this;
  }

  /**
   * How many inputs to run; by default {@code -Dfuzz.inputs}, else {@link #DEFAULT_INPUTS}.
   *
   * @param count inputs
   * @return this run
   */
  public Fuzz inputs(int count) {
    this.inputs = count;
    return this;
  }

  /**
   * The longest generated input (mutations of longer seeds may be longer); default 4 KiB.
   *
   * @param bytes the length
   * @return this run
   */
  public Fuzz maxLength(int bytes) {
    this.maxLength = bytes;
    return this;
  }

  /**
   * The most one input may allocate, as a function of its length; default 4 MiB + 256 bytes per
   * input byte. A parser that builds an object graph out of proportion to its input fails here.
   *
   * @param bound bytes allowed for an input of the given length
   * @return this run
   */
  public Fuzz maxAllocation(LongUnaryOperator bound) {
    this.maxAllocation = bound;
    return this;
  }

  /**
   * The longest one input may run before the run calls it a hang; default 5 s
   * ({@code -Dfuzz.maxMillis}), generous enough for a busy machine.
   *
   * @param millis the bound
   * @return this run
   */
  public Fuzz maxMillisPerInput(long millis) {
    this.maxMillisPerInput = millis;
    return this;
  }

  /** What a finished run saw. */
  public record Report(String parser, int inputs, int typedErrors, int accepted, long maxAllocated,
      Map<String, String> failures) {
    @Override
    public String toString() {
      return parser + ": " + inputs + " inputs, " + accepted + " accepted, " + typedErrors + " typed errors, "
          + failures.size() + " failures, at most " + maxAllocated + " bytes allocated by one input";
    }
  }

  /**
   * Runs the inputs and throws {@link AssertionError} naming every distinct failure with an input
   * that reproduces it.
   *
   * @return the report of a clean run
   */
  public Report run() {
    Report report = runCollecting();
    if (!report.failures().isEmpty()) {
      StringBuilder sb = new StringBuilder(report.toString()).append(" (seed ").append(seed).append("):");
      report.failures().forEach((signature, input) -> sb.append("\n  ").append(signature).append("\n    input: ")
          .append(input));
      throw new AssertionError(sb.toString());
    }
    return report;
  }

  /**
   * Runs the inputs and reports failures without throwing: for tests of the harness itself.
   *
   * @return the report
   */
  public Report runCollecting() {
    if (seeds.isEmpty()) {
      seeds.add(new byte[0]);
    }
    Map<String, String> failures = java.util.Collections.synchronizedMap(new LinkedHashMap<>());
    int[] counts = new int[2];
    long[] maxAllocated = new long[1];
    AtomicReference<byte[]> current = new AtomicReference<>();
    AtomicLong startedAt = new AtomicLong();
    Thread worker = new Thread(() -> loop(failures, counts, maxAllocated, current, startedAt),
        "fuzz-" + name);
    worker.setDaemon(true);
    worker.start();
    try {
      while (worker.isAlive()) {
        worker.join(200);
        long started = startedAt.get();
        byte[] input = current.get();
        if (worker.isAlive() && input != null && started != 0
            && System.nanoTime() - started > maxMillisPerInput * 1_000_000L) {
          StackTraceElement[] stack = worker.getStackTrace();
          failures.put("hang: still running after " + maxMillisPerInput + " ms at "
              + (stack.length > 0 ? stack[0] : "?"), show(input) + saved(input));
          worker.interrupt();
          worker.join(2_000);
          break;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while fuzzing " + name, e);
    }
    return new Report(name, inputs, counts[0], counts[1], maxAllocated[0], failures);
  }

  private void loop(Map<String, String> failures, int[] counts, long[] maxAllocated, AtomicReference<byte[]> current,
      AtomicLong startedAt) {
    SplittableRandom random = new SplittableRandom(seed);
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long tid = Thread.currentThread().getId();
    // A warm-up pass over the seeds, not measured: the first input would otherwise pay for class
    // loading (tens of MB) and trip the allocation bound. What it throws is judged below anyway.
    for (byte[] s : seeds) {
      current.set(s);
      startedAt.set(System.nanoTime());
      try {
        target.accept(s);
      } catch (Throwable ignored) { // judged in the measured pass
      }
      startedAt.set(0);
    }
    // The seeds themselves first: a valid input must be accepted or give a typed error.
    List<byte[]> queue = new ArrayList<>(seeds);
    for (int i = 0; i < inputs && !Thread.currentThread().isInterrupted(); i++) {
      byte[] input = i < queue.size() ? queue.get(i) : next(random);
      current.set(input);
      long before = mx.getThreadAllocatedBytes(tid);
      startedAt.set(System.nanoTime());
      Throwable thrown = null;
      try {
        target.accept(input);
      } catch (Throwable t) { // the harness's whole point: see everything the parser lets escape
        thrown = t;
      }
      startedAt.set(0);
      long allocated = mx.getThreadAllocatedBytes(tid) - before;
      maxAllocated[0] = Math.max(maxAllocated[0], allocated);
      long bound = maxAllocation.applyAsLong(input.length);
      if (allocated > bound) {
        failures.computeIfAbsent("allocated " + allocated + " bytes for " + input.length + " input bytes (bound "
            + bound + ")", k -> show(input) + saved(input));
      }
      if (thrown == null) {
        counts[1]++;
      } else if (isTyped(thrown)) {
        counts[0]++;
      } else {
        failures.computeIfAbsent(signature(thrown), k -> show(input) + saved(input));
      }
    }
    current.set(null);
  }

  private boolean isTyped(Throwable t) {
    for (Class<? extends Throwable> c : typed) {
      if (c.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static String signature(Throwable t) {
    StackTraceElement[] st = t.getStackTrace();
    return t.getClass().getName() + " at " + (st.length > 0 ? st[0] : "?") + ": " + t.getMessage();
  }

  /** One generated input: a mutation of a seed (mostly), or random bytes. */
  private byte[] next(SplittableRandom random) {
    int kind = random.nextInt(10);
    if (kind == 0) {
      return garbage(random, random.nextInt(maxLength + 1));
    }
    byte[] out = seeds.get(random.nextInt(seeds.size()));
    int rounds = 1 + random.nextInt(4);
    for (int r = 0; r < rounds; r++) {
      out = mutate(out, random);
    }
    return out;
  }

  private byte[] mutate(byte[] in, SplittableRandom random) {
    int n = in.length;
    int op = random.nextInt(9);
    if (n == 0 && (op <= 1 || op == 6)) {
      op = 5;
    }
    return switch (op) {
      case 0 -> { // flip a bit
        byte[] out = in.clone();
        out[random.nextInt(n)] ^= (byte) (1 << random.nextInt(8));
        yield out;
      }
      case 1 -> { // set a byte to any value
        byte[] out = in.clone();
        out[random.nextInt(n)] = (byte) random.nextInt(256);
        yield out;
      }
      case 2 -> n == 0 ? in : splice(in, random.nextInt(n), random.nextInt(Math.min(n, 16) + 1), new byte[0]);
      case 3 -> Arrays.copyOf(in, random.nextInt(n + 1)); // truncate
      case 4 -> splice(in, random.nextInt(n + 1), random.nextInt(Math.min(n, 8) + 1), token(random));
      case 5 -> splice(in, random.nextInt(n + 1), 0, token(random));
      case 6 -> { // repeat a chunk: nesting and length bombs
        int from = random.nextInt(n);
        int len = 1 + random.nextInt(Math.min(n - from, 16));
        int times = 1 + random.nextInt(Math.max(1, maxLength / len));
        byte[] rep = new byte[Math.min(len * times, maxLength)];
        for (int i = 0; i < rep.length; i++) {
          rep[i] = in[from + i % len];
        }
        yield splice(in, from, 0, rep);
      }
      case 7 -> { // splice with another seed
        byte[] other = seeds.get(random.nextInt(seeds.size()));
        int cut = random.nextInt(n + 1);
        int otherCut = random.nextInt(other.length + 1);
        byte[] out = new byte[cut + other.length - otherCut];
        System.arraycopy(in, 0, out, 0, cut);
        System.arraycopy(other, otherCut, out, cut, other.length - otherCut);
        yield out;
      }
      default -> splice(in, random.nextInt(n + 1), 0, garbage(random, 1 + random.nextInt(8)));
    };
  }

  private byte[] token(SplittableRandom random) {
    return dictionary.get(random.nextInt(dictionary.size()));
  }

  private static byte[] splice(byte[] in, int at, int remove, byte[] insert) {
    int cut = Math.min(remove, in.length - at);
    byte[] out = new byte[in.length - cut + insert.length];
    System.arraycopy(in, 0, out, 0, at);
    System.arraycopy(insert, 0, out, at, insert.length);
    System.arraycopy(in, at + cut, out, at + insert.length, in.length - at - cut);
    return out;
  }

  /**
   * Random bytes, for stream parsers that must find the next good record after garbage.
   *
   * @param random the source
   * @param length how many
   * @return the bytes
   */
  public static byte[] garbage(SplittableRandom random, int length) {
    byte[] out = new byte[length];
    for (int i = 0; i < length; i++) {
      out[i] = (byte) random.nextInt(256);
    }
    return out;
  }

  /**
   * The input as a string, each byte one character (ISO-8859-1): for parsers of header values and
   * text lines, which must cope with any byte a socket delivers.
   *
   * @param input the bytes
   * @return the string
   */
  public static String latin1(byte[] input) {
    return new String(input, StandardCharsets.ISO_8859_1);
  }

  /**
   * The input decoded as UTF-8 (malformed sequences replaced).
   *
   * @param input the bytes
   * @return the string
   */
  public static String utf8(byte[] input) {
    return new String(input, StandardCharsets.UTF_8);
  }

  /** Writes a failing input whole to target/fuzz-failures, so a long one can be replayed from the file. */
  private String saved(byte[] input) {
    try {
      Path dir = Path.of("target", "fuzz-failures");
      Files.createDirectories(dir);
      String file = name.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + Integer.toHexString(Arrays.hashCode(input)) + ".bin";
      Path path = dir.resolve(file);
      Files.write(path, input);
      return "\n    whole input: " + path.toAbsolutePath();
    } catch (IOException | RuntimeException e) {
      return "\n    whole input not saved: " + e;
    }
  }

  private static String show(byte[] input) {
    String text = new String(input, StandardCharsets.ISO_8859_1);
    boolean printable = text.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
    if (printable) {
      return input.length > 300 ? "\"" + text.substring(0, 300) + "\"... (" + input.length + " bytes)"
          : "\"" + text + "\"";
    }
    String hex = HexFormat.of().formatHex(input, 0, Math.min(input.length, 300));
    return "hex " + hex + (input.length > 300 ? "... (" + input.length + " bytes)" : "");
  }

  private static byte[][] strings(String... s) {
    byte[][] out = new byte[s.length][];
    for (int i = 0; i < s.length; i++) {
      out[i] = s[i].getBytes(StandardCharsets.UTF_8);
    }
    return out;
  }
}
