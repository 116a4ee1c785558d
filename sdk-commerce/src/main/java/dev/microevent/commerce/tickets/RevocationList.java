package dev.microevent.commerce.tickets;

import dev.microevent.commerce.tickets.RevocationListException.Reason;
import dev.microevent.commerce.tickets.internal.MalformedDocumentException;
import dev.microevent.commerce.tickets.internal.RevocationDocument;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An event's revoked and blocked tickets at one version. Revocation is for good (a cancelled or
 * refunded ticket: cancelling revokes, it never re-signs); blocking can be lifted (a ticket under
 * dispute). Both are keyed by {@link TicketId}, so a ticket re-signed with the same id is still
 * refused. Updates come as full lists or as deltas from the version a gate holds, and are all or
 * nothing: {@link #update(String)} returns a new list or throws, leaving this one as it was.
 * Immutable and thread-safe: a verifier swaps whole lists atomically.
 *
 * <p>The JSON form ({@link #toDocument()}, {@link #parse(String)}):
 *
 * <pre>{@code
 * {"format":"microevent-revocations/1","event":"ev-1","version":7,"issuedAt":"2026-06-13T17:00:00Z",
 *  "revoked":["T-1"],"blocked":["T-2"]}
 * }</pre>
 *
 * @see RevocationDelta
 */
public final class RevocationList {
  private final EventId event;
  private final long version;
  private final @Nullable Instant issuedAt;
  private final Set<TicketId> revoked;
  private final Set<TicketId> blocked;

  private RevocationList(EventId event, long version, @Nullable Instant issuedAt, Set<TicketId> revoked,
      Set<TicketId> blocked) {
    this.event = event;
    this.version = version;
    this.issuedAt = issuedAt;
    this.revoked = Set.copyOf(revoked);
    this.blocked = Set.copyOf(blocked);
  }

  /**
   * The list of an event before any update: version 0, nothing revoked or blocked.
   *
   * @param event the event
   * @return the empty list
   */
  public static RevocationList empty(EventId event) {
    return builder(event).build();
  }

  /**
   * Starts a list (for the ticket backend or a box office that publishes one, and for tests).
   *
   * @param event the event
   * @return a builder
   */
  public static Builder builder(EventId event) {
    return new Builder(Objects.requireNonNull(event, "event"));
  }

  /**
   * Reads a full list.
   *
   * @param document its JSON form
   * @return the list
   * @throws RevocationListException ({@link Reason#MALFORMED}) if the text is not a full list of
   *     this format
   */
  public static RevocationList parse(String document) {
    RevocationDocument d = read(document);
    if (d.delta) {
      throw new RevocationListException(Reason.MALFORMED, "expected a full revocation list but got a delta", null);
    }
    return fromDocument(d);
  }

  static RevocationDocument read(String document) {
    Objects.requireNonNull(document, "document");
    try {
      return RevocationDocument.parse(document);
    } catch (MalformedDocumentException e) {
      throw new RevocationListException(Reason.MALFORMED, "not a revocation document: " + e.getMessage(), e);
    }
  }

  private static RevocationList fromDocument(RevocationDocument d) {
    return new RevocationList(EventId.of(d.event), d.version, d.issuedAt, ids(d.revoke), ids(d.block));
  }

  static Set<TicketId> ids(List<String> values) {
    Set<TicketId> out = new HashSet<>(values.size() * 2);
    for (String v : values) {
      out.add(TicketId.of(v));
    }
    return out;
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
   * The version; 0 before the first update.
   *
   * @return the version
   */
  public long version() {
    return version;
  }

  /**
   * When the server wrote this version, if it said. A verifier never takes its clock to be earlier
   * than this: a gate whose clock fell back to the past still refuses expired tickets.
   *
   * @return the instant
   */
  public Optional<Instant> issuedAt() {
    return Optional.ofNullable(issuedAt);
  }

  /**
   * Whether a ticket is revoked.
   *
   * @param ticket the ticket's id
   * @return whether it is
   */
  public boolean isRevoked(TicketId ticket) {
    return revoked.contains(ticket);
  }

  /**
   * Whether a ticket is blocked.
   *
   * @param ticket the ticket's id
   * @return whether it is
   */
  public boolean isBlocked(TicketId ticket) {
    return blocked.contains(ticket);
  }

  /**
   * The revoked tickets.
   *
   * @return an unmodifiable set
   */
  public Set<TicketId> revoked() {
    return revoked;
  }

  /**
   * The blocked tickets.
   *
   * @return an unmodifiable set
   */
  public Set<TicketId> blocked() {
    return blocked;
  }

  /**
   * Applies a delta.
   *
   * @param delta the delta
   * @return the list at the delta's version
   * @throws RevocationListException if the delta is for another event ({@link
   *     Reason#WRONG_EVENT}), from an older base ({@link Reason#STALE}) or from a newer one
   *     ({@link Reason#GAP}); this list is unchanged
   */
  public RevocationList apply(RevocationDelta delta) {
    Objects.requireNonNull(delta, "delta");
    checkEvent(delta.event());
    if (delta.baseVersion() < version) {
      throw new RevocationListException(Reason.STALE, "the delta " + delta.baseVersion() + " -> " + delta.version()
          + " is older than the list's version " + version + "; ignore it", null);
    }
    if (delta.baseVersion() > version) {
      throw new RevocationListException(Reason.GAP, "the delta " + delta.baseVersion() + " -> " + delta.version()
          + " does not follow the list's version " + version + "; fetch the full list", null);
    }
    Set<TicketId> r = new HashSet<>(revoked);
    r.addAll(delta.revoke());
    Set<TicketId> b = new HashSet<>(blocked);
    b.removeAll(delta.unblock());
    b.addAll(delta.block());
    return new RevocationList(event, delta.version(), delta.issuedAt().orElse(issuedAt), r, b);
  }

  /**
   * Applies a document: a full list newer than this one replaces it, a delta from this version
   * is applied.
   *
   * @param document the JSON text of a full list or a delta
   * @return the new list
   * @throws RevocationListException if the document is malformed, for another event, not newer
   *     than this list, or a delta that does not start at this list's version; this list is
   *     unchanged
   */
  public RevocationList update(String document) {
    RevocationDocument d = read(document);
    if (d.delta) {
      return apply(RevocationDelta.fromDocument(d));
    }
    RevocationList full = fromDocument(d);
    checkEvent(full.event);
    if (full.version <= version) {
      throw new RevocationListException(Reason.STALE, "the full list's version " + full.version
          + " is not newer than the list's version " + version + "; ignore it", null);
    }
    return full;
  }

  private void checkEvent(EventId other) {
    if (!event.equals(other)) {
      throw new RevocationListException(Reason.WRONG_EVENT, "the update is for event " + other
          + ", the list for event " + event, null);
    }
  }

  /**
   * The JSON form of this list.
   *
   * @return the document
   */
  public String toDocument() {
    return new RevocationDocument(false, event.value(), version, -1, issuedAt, values(revoked), values(blocked),
        List.of()).write();
  }

  static List<String> values(Collection<TicketId> ids) {
    List<String> out = new ArrayList<>(ids.size());
    ids.forEach(t -> out.add(t.value()));
    out.sort(null);
    return out;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof RevocationList l && event.equals(l.event) && version == l.version
        && Objects.equals(issuedAt, l.issuedAt) && revoked.equals(l.revoked) && blocked.equals(l.blocked);
  }

  @Override
  public int hashCode() {
    return Objects.hash(event, version, issuedAt, revoked, blocked);
  }

  @Override
  public String toString() {
    return "RevocationList{" + event + " v" + version + ", " + revoked.size() + " revoked, " + blocked.size()
        + " blocked}";
  }

  /** Builds a {@link RevocationList}. Not thread-safe. */
  public static final class Builder {
    private final EventId event;
    private long version;
    private @Nullable Instant issuedAt;
    private final Set<TicketId> revoked = new HashSet<>();
    private final Set<TicketId> blocked = new HashSet<>();

    private Builder(EventId event) {
      this.event = event;
    }

    /**
     * The version; default 0. Each published list or delta raises it.
     *
     * @param version 0 or more
     * @return this builder
     * @throws TicketException if negative
     */
    public Builder version(long version) {
      if (version < 0) {
        throw new TicketException("a revocation list's version is 0 or more, got " + version, null);
      }
      this.version = version;
      return this;
    }

    /**
     * When the list was written; default none.
     *
     * @param issuedAt the instant, or {@code null}
     * @return this builder
     */
    public Builder issuedAt(@Nullable Instant issuedAt) {
      this.issuedAt = issuedAt;
      return this;
    }

    /**
     * Revokes a ticket.
     *
     * @param ticket the ticket's id
     * @return this builder
     */
    public Builder revoke(TicketId ticket) {
      revoked.add(Objects.requireNonNull(ticket, "ticket"));
      return this;
    }

    /**
     * Blocks a ticket.
     *
     * @param ticket the ticket's id
     * @return this builder
     */
    public Builder block(TicketId ticket) {
      blocked.add(Objects.requireNonNull(ticket, "ticket"));
      return this;
    }

    /**
     * Builds the list.
     *
     * @return the list
     */
    public RevocationList build() {
      return new RevocationList(event, version, issuedAt, revoked, blocked);
    }
  }
}
