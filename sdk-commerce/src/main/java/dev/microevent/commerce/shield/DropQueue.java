package dev.microevent.commerce.shield;

import dev.microevent.commerce.DropId;
import java.util.List;

/**
 * A fair queue for one drop, in the Queue-it style: clients who join before the drop opens sit
 * in a pre-queue that is shuffled at opening (with the injected randomness); later arrivals join
 * at the back. The shop lets people in with {@link #admit(int)}, which issues HMAC-signed
 * admission tokens with strictly increasing sequence numbers; the shop's entry checks them with
 * {@link #verify}. Reached through {@link BotShield#queue(DropId)}.
 *
 * <p>Queue order is kept in this process (one queue host per drop); tokens verify on any instance
 * that shares the HMAC key and the {@link ShieldStore}. Thread-safe.
 */
public interface DropQueue {

  /** {@return the drop this queue admits clients to} */
  DropId drop();

  /**
   * Joins the queue; joining again keeps the earlier place.
   *
   * @param client who joins
   * @return the ticket
   */
  QueueTicket join(ClientKey client);

  /**
   * Where a client stands now.
   *
   * @param client the client
   * @return the ticket, with its current position
   * @throws IllegalArgumentException if the client never joined or was already admitted
   */
  QueueTicket status(ClientKey client);

  /** Opens the drop: shuffles the pre-queue and puts it ahead of later arrivals. Idempotent. */
  void open();

  /** {@return whether the drop is open} */
  boolean isOpen();

  /**
   * Clients waiting (pre-queue included).
   *
   * @return how many clients wait to be admitted, those who joined before the queue opened included
   */
  int waiting();

  /**
   * Admits the next clients in queue order.
   *
   * @param count at most this many
   * @return their tokens, in order; empty before {@link #open()} or when nobody waits
   */
  List<AdmissionToken> admit(int count);

  /**
   * Checks an admission token at the shop's entry; a valid token is used up.
   *
   * @param token the token's value
   * @param client who presents it
   * @return the verdict
   */
  AdmissionVerdict verify(String token, ClientKey client);
}
