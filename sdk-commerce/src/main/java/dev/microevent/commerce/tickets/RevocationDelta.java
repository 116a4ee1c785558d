package dev.microevent.commerce.tickets;

import dev.microevent.commerce.tickets.RevocationListException.Reason;
import dev.microevent.commerce.tickets.internal.RevocationDocument;
import java.time.Instant;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The changes that take an event's {@link RevocationList} from one version to a later one:
 * tickets to revoke, to block and to unblock. A delta applies only to the list at exactly its
 * base version ({@link RevocationList#apply(RevocationDelta)}). Immutable and thread-safe.
 *
 * <pre>{@code
 * {"format":"microevent-revocations/1","event":"ev-1","baseVersion":7,"version":8,
 *  "revoke":["T-3"],"block":["T-4"],"unblock":["T-2"]}
 * }</pre>
 */
public final class RevocationDelta {
  private final EventId event;
  private final long baseVersion;
  private final long version;
  private final @Nullable Instant issuedAt;
  private final Set<TicketId> revoke;
  private final Set<TicketId> block;
  private final Set<TicketId> unblock;

  private RevocationDelta(EventId event, long baseVersion, long version, @Nullable Instant issuedAt,
      Set<TicketId> revoke, Set<TicketId> block, Set<TicketId> unblock) {
    this.event = event;
    this.baseVersion = baseVersion;
    this.version = version;
    this.issuedAt = issuedAt;
    this.revoke = Set.copyOf(revoke);
    this.block = Set.copyOf(block);
    this.unblock = Set.copyOf(unblock);
  }

  /**
   * Starts a delta.
   *
   * @param event the event
   * @param baseVersion the version it applies to
   * @param version the version it brings the list to (greater than the base)
   * @return a builder
   * @throws TicketException if {@code 0 <= baseVersion < version} does not hold
   */
  public static Builder builder(EventId event, long baseVersion, long version) {
    Objects.requireNonNull(event, "event");
    if (baseVersion < 0 || version <= baseVersion) {
      throw new TicketException("a delta needs 0 <= baseVersion < version, got " + baseVersion + " -> " + version,
          null);
    }
    return new Builder(event, baseVersion, version);
  }

  /**
   * Reads a delta.
   *
   * @param document its JSON form
   * @return the delta
   * @throws RevocationListException ({@link Reason#MALFORMED}) if the text is not a delta of this
   *     format
   */
  public static RevocationDelta parse(String document) {
    RevocationDocument d = RevocationList.read(document);
    if (!d.delta) {
      throw new RevocationListException(Reason.MALFORMED, "expected a revocation delta but got a full list", null);
    }
    return fromDocument(d);
  }

  static RevocationDelta fromDocument(RevocationDocument d) {
    return new RevocationDelta(EventId.of(d.event), d.baseVersion, d.version, d.issuedAt,
        RevocationList.ids(d.revoke), RevocationList.ids(d.block), RevocationList.ids(d.unblock));
  }

  /**
   * The event.
   *
   * @return the event
   */
  public EventId event() {
    return event;
  }

  /**
   * The version it applies to.
   *
   * @return the base version
   */
  public long baseVersion() {
    return baseVersion;
  }

  /**
   * The version it brings the list to.
   *
   * @return the version
   */
  public long version() {
    return version;
  }

  /**
   * When the server wrote it, if it said.
   *
   * @return the instant
   */
  public Optional<Instant> issuedAt() {
    return Optional.ofNullable(issuedAt);
  }

  /**
   * Tickets to revoke.
   *
   * @return an unmodifiable set
   */
  public Set<TicketId> revoke() {
    return revoke;
  }

  /**
   * Tickets to block.
   *
   * @return an unmodifiable set
   */
  public Set<TicketId> block() {
    return block;
  }

  /**
   * Tickets to unblock (revoked tickets stay revoked).
   *
   * @return an unmodifiable set
   */
  public Set<TicketId> unblock() {
    return unblock;
  }

  /**
   * The JSON form of this delta.
   *
   * @return the document
   */
  public String toDocument() {
    return new RevocationDocument(true, event.value(), version, baseVersion, issuedAt, RevocationList.values(revoke),
        RevocationList.values(block), RevocationList.values(unblock)).write();
  }

  @Override
  public String toString() {
    return "RevocationDelta{" + event + " v" + baseVersion + " -> v" + version + ", +" + revoke.size() + " revoked, +"
        + block.size() + " blocked, -" + unblock.size() + " blocked}";
  }

  /** Builds a {@link RevocationDelta}. Not thread-safe. */
  public static final class Builder {
    private final EventId event;
    private final long baseVersion;
    private final long version;
    private @Nullable Instant issuedAt;
    private final Set<TicketId> revoke = new HashSet<>();
    private final Set<TicketId> block = new HashSet<>();
    private final Set<TicketId> unblock = new HashSet<>();

    private Builder(EventId event, long baseVersion, long version) {
      this.event = event;
      this.baseVersion = baseVersion;
      this.version = version;
    }

    /**
     * When the delta was written; default none.
     *
     * @param issuedAt the instant, or {@code null}
     * @return this builder
     */
    public Builder issuedAt(@Nullable Instant issuedAt) {
      this.issuedAt = issuedAt;
      return this;
    }

    /**
     * Revokes a ticket (for good: cancelled, refunded, re-issued under a new id).
     *
     * @param ticket the ticket's id
     * @return this builder
     */
    public Builder revoke(TicketId ticket) {
      revoke.add(Objects.requireNonNull(ticket, "ticket"));
      return this;
    }

    /**
     * Blocks a ticket (until unblocked).
     *
     * @param ticket the ticket's id
     * @return this builder
     * @throws TicketException if the same delta unblocks it
     */
    public Builder block(TicketId ticket) {
      Objects.requireNonNull(ticket, "ticket");
      if (unblock.contains(ticket)) {
        throw new TicketException("the delta already unblocks " + ticket, null);
      }
      block.add(ticket);
      return this;
    }

    /**
     * Unblocks a ticket.
     *
     * @param ticket the ticket's id
     * @return this builder
     * @throws TicketException if the same delta blocks it
     */
    public Builder unblock(TicketId ticket) {
      Objects.requireNonNull(ticket, "ticket");
      if (block.contains(ticket)) {
        throw new TicketException("the delta already blocks " + ticket, null);
      }
      unblock.add(ticket);
      return this;
    }

    /**
     * Builds the delta.
     *
     * @return the delta
     */
    public RevocationDelta build() {
      return new RevocationDelta(event, baseVersion, version, issuedAt, revoke, block, unblock);
    }
  }
}
