package dev.microevent.commerce.shield;

import dev.microevent.commerce.DropId;
import java.util.Objects;

/**
 * A place in a drop's queue. Immutable and thread-safe.
 *
 * @param drop the drop
 * @param client who holds it
 * @param preQueue whether it was taken before the drop opened (pre-queue places are shuffled at
 *     opening, so arriving early or scripting faster buys nothing)
 * @param position 1-based place among those waiting when the ticket was read, 0 while in the
 *     pre-queue
 */
public record QueueTicket(DropId drop, ClientKey client, boolean preQueue, int position) {

  /**
   * Checks the components.
   *
   * @param drop the drop
   * @param client who holds it
   * @param preQueue whether it was taken before the drop opened (pre-queue places are shuffled at
   *     opening, so arriving early or scripting faster buys nothing)
   * @param position 1-based place among those waiting when the ticket was read, 0 while in the
   *     pre-queue
   */
  public QueueTicket {
    Objects.requireNonNull(drop, "drop");
    Objects.requireNonNull(client, "client");
  }
}
