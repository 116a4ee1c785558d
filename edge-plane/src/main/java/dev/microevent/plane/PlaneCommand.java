package dev.microevent.plane;

import dev.microevent.plane.internal.PlaneCli;
import java.io.PrintWriter;
import java.util.Objects;

/**
 * The {@code plane} command line called from Java: the same parsing, admin calls, output and exit
 * codes as {@code java -jar edge-plane.jar <command>} (reference in {@code docs/edge-plane.md}),
 * for apps and scripts on the JVM that drive a running plane, e.g. to run a playbook:
 *
 * <pre>{@code
 * int code = PlaneCommand.execute(out, err, "playbook", "run", "live-commerce",
 *     "--url", plane.uri().toString(), "--token", token, "--json");
 * if (code != PlaneCommand.OK) { ... }
 * }</pre>
 *
 * {@code serve} is not for this entry point: it blocks until the JVM is stopped; embed a plane with
 * {@link EdgePlaneServer#builder()} instead. Thread-safe: every call parses its own command line.
 */
public final class PlaneCommand {
  /** Success: the command did what it was asked; every plane of the venue serves. */
  public static final int OK = 0;
  /** Reachable, but a plane is degraded, draining or stale; documents differ; an alert is raised. */
  public static final int DEGRADED = 1;
  /** The plane could not be reached. */
  public static final int UNREACHABLE = 2;
  /** The admin token was refused. */
  public static final int UNAUTHORIZED = 3;
  /** The plane refused the request (an invalid document, a refused playbook step). */
  public static final int REJECTED = 4;
  /** A playbook step failed its check and the run was rolled back (or could not be). */
  public static final int STEP_FAILED = 5;
  /** Bad command line. */
  public static final int USAGE = 64;

  private PlaneCommand() {}

  /**
   * Runs one command.
   *
   * @param out where the command's output goes (human or {@code --json})
   * @param err where problems and progress go
   * @param args the command line, without the program name (e.g. {@code playbook list --json})
   * @return the exit code, one of this class's constants
   */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(err, "err");
    Objects.requireNonNull(args, "args");
    return PlaneCli.run(out, err, args);
  }
}
