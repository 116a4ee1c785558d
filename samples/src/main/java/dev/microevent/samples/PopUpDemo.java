package dev.microevent.samples;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The Microevent SDK demo, on embedded defaults (everything in-process on loopback, nothing to
 * install). Act 1, a creator pop-up: mixed traffic through an edge plane that dies and comes
 * back, payments and stream chunks on their own 5G slices, a solar-powered battery that makes
 * the SDK shed non-essential traffic at night and resume it in the sun (and the pop-up's Matter
 * room go dark and come back), and an experience
 * summary against SLOs. Act 2, a live drop: cached catalog reads, checkouts through an edge
 * outage that are charged exactly once, and synthetic checkout probes. Act 3, a ticketed
 * micro-hub: a gate rush decided on the device with the cloud cut, a revoked ticket and a
 * screenshot refused, one ticket at two gates admitted once, the audit log verified.
 *
 * <p>Run it with the README's first command.
 */
public final class PopUpDemo {
  private PopUpDemo() {}

  /**
   * Runs the three acts.
   *
   * @param args ignored
   * @throws Exception if a loopback server cannot start
   */
  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    out.println("Microevent SDK demo: everything runs in this process, on loopback.");
    new PopUpAct(new Stage(out)).run();
    new DropAct(new Stage(out)).run();
    new TicketAct(new Stage(out)).run();
  }
}
