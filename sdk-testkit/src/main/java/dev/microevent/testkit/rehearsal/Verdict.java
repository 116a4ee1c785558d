package dev.microevent.testkit.rehearsal;

import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of a rehearsal: passed when every objective was met.
 *
 * @param passed whether every objective was met (true when there were none)
 * @param results one per objective, in the order configured
 */
public record Verdict(boolean passed, List<ObjectiveResult> results) {

  /** Copies the results. */
  public Verdict {
    results = List.copyOf(results);
  }

  /** Every finding of every failed objective, prefixed by its intent. */
  public List<String> findings() {
    List<String> out = new ArrayList<>();
    for (ObjectiveResult r : results) {
      for (String f : r.findings()) {
        out.add(r.objective().intent() + ": " + f);
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return (passed ? "PASSED" : "FAILED") + (passed ? "" : " " + findings());
  }
}
