package dev.microevent.core.oracle;

/**
 * How one decision was answered so far.
 *
 * @param local answered on the device (cache, rule or model) without asking the cloud
 * @param remote answered by the cloud
 * @param degraded answered locally because the cloud was unreachable
 */
public record DecisionStats(long local, long remote, long degraded) {

  /**
   * Answers in total.
   *
   * @return the answers in total: local, remote and degraded
   */
  public long total() {
    return local + remote + degraded;
  }

  /** {@return share answered without the cloud (local and degraded), 0 when nothing was asked} */
  public double localShare() {
    return total() == 0 ? 0 : (double) (local + degraded) / total();
  }
}
