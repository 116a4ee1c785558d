package dev.microevent.commerce.tickets;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a ticket says: its event, its id, the zone and tier it admits to, its validity window, how
 * many entries it allows and whether it must be shown with a rotating code. A {@link TicketIssuer}
 * signs one into its text form; a {@link Verdict} carries the one it read. Immutable and
 * thread-safe; the builder is not.
 *
 * <pre>{@code
 * Ticket t = Ticket.builder()
 *     .event(EventId.of("rooftop-2026-06-13"))
 *     .id(TicketId.of("T-000417"))
 *     .zone(Zone.of("FLOOR"))
 *     .validFrom(Instant.parse("2026-06-13T17:00:00Z"))
 *     .validUntil(Instant.parse("2026-06-14T02:00:00Z"))
 *     .build();
 * }</pre>
 */
public final class Ticket {
  /** Most entries a ticket can allow. */
  public static final int MAX_ENTRIES = 0xffff;
  /** The latest instant a version 1 frame can carry (an unsigned 32-bit count of Unix seconds). */
  public static final Instant LATEST = Instant.ofEpochSecond(0xffffffffL);

  private final TicketFormat format;
  private final EventId event;
  private final TicketId id;
  private final @Nullable Zone zone;
  private final @Nullable String tier;
  private final @Nullable Instant validFrom;
  private final @Nullable Instant validUntil;
  private final int entries;
  private final boolean rotating;

  private Ticket(Builder b, EventId event, TicketId id) {
    this.format = b.format;
    this.event = event;
    this.id = id;
    this.zone = b.zone;
    this.tier = b.tier;
    this.validFrom = b.validFrom;
    this.validUntil = b.validUntil;
    this.entries = b.entries;
    this.rotating = b.rotating;
  }

  /**
   * Starts a ticket.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding this ticket's values, for a variant.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.format = format;
    b.event = event;
    b.id = id;
    b.zone = zone;
    b.tier = tier;
    b.validFrom = validFrom;
    b.validUntil = validUntil;
    b.entries = entries;
    b.rotating = rotating;
    return b;
  }

  /**
   * The format it was read from (or will be written in).
   *
   * @return the format
   */
  public TicketFormat format() {
    return format;
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
   * The ticket's id.
   *
   * @return the id
   */
  public TicketId id() {
    return id;
  }

  /**
   * The zone it admits to; empty = every zone of the event.
   *
   * @return the zone
   */
  public Optional<Zone> zone() {
    return Optional.ofNullable(zone);
  }

  /**
   * A label for the steward ({@code VIP}, {@code STAFF}); for a pretix secret, {@code item-<item>}
   * or {@code item-<item>.<variation>}.
   *
   * @return the tier
   */
  public Optional<String> tier() {
    return Optional.ofNullable(tier);
  }

  /**
   * The start of its validity; empty = no lower bound.
   *
   * @return the instant (whole seconds)
   */
  public Optional<Instant> validFrom() {
    return Optional.ofNullable(validFrom);
  }

  /**
   * The end of its validity; empty = no upper bound.
   *
   * @return the instant (whole seconds)
   */
  public Optional<Instant> validUntil() {
    return Optional.ofNullable(validUntil);
  }

  /**
   * Entries allowed, 1..65535.
   *
   * @return the count
   */
  public int entries() {
    return entries;
  }

  /**
   * Whether the ticket must be shown with its current rotating code (a screenshot of it then
   * goes stale within a step).
   *
   * @return the flag
   */
  public boolean rotating() {
    return rotating;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Ticket t && format == t.format && event.equals(t.event) && id.equals(t.id)
        && Objects.equals(zone, t.zone) && Objects.equals(tier, t.tier) && Objects.equals(validFrom, t.validFrom)
        && Objects.equals(validUntil, t.validUntil) && entries == t.entries && rotating == t.rotating;
  }

  @Override
  public int hashCode() {
    return Objects.hash(format, event, id, zone, tier, validFrom, validUntil, entries, rotating);
  }

  @Override
  public String toString() {
    return "Ticket{" + format + " " + event + "/" + id + (zone == null ? "" : " zone=" + zone)
        + (tier == null ? "" : " tier=" + tier) + " valid=[" + (validFrom == null ? "-" : validFrom) + ", "
        + (validUntil == null ? "-" : validUntil) + "] entries=" + entries + (rotating ? " rotating" : "") + "}";
  }

  /** Builds a {@link Ticket}. Not thread-safe. */
  public static final class Builder {
    private TicketFormat format = TicketFormat.MICROEVENT_V1;
    private @Nullable EventId event;
    private @Nullable TicketId id;
    private @Nullable Zone zone;
    private @Nullable String tier;
    private @Nullable Instant validFrom;
    private @Nullable Instant validUntil;
    private int entries = 1;
    private boolean rotating;

    private Builder() {}

    /**
     * The event (required).
     *
     * @param event the event
     * @return this builder
     */
    public Builder event(EventId event) {
      this.event = Objects.requireNonNull(event, "event");
      return this;
    }

    /**
     * The ticket's id, unique within the event (required).
     *
     * @param id the id
     * @return this builder
     */
    public Builder id(TicketId id) {
      this.id = Objects.requireNonNull(id, "id");
      return this;
    }

    /**
     * The zone it admits to; default none (every zone).
     *
     * @param zone the zone, or {@code null} for every zone
     * @return this builder
     */
    public Builder zone(@Nullable Zone zone) {
      this.zone = zone;
      return this;
    }

    /**
     * A label for the steward; default none.
     *
     * @param tier 1..32 characters of {@code [A-Za-z0-9._-]}, or {@code null}
     * @return this builder
     * @throws TicketException if the label is outside that set
     */
    public Builder tier(@Nullable String tier) {
      this.tier = tier == null ? null : TicketIds.check(tier, "tier", 1, TicketIds.MAX_LABEL);
      return this;
    }

    /**
     * The start of its validity, truncated to the second; default none.
     *
     * @param validFrom the instant, or {@code null} for no lower bound
     * @return this builder
     */
    public Builder validFrom(@Nullable Instant validFrom) {
      this.validFrom = validFrom == null ? null : validFrom.truncatedTo(ChronoUnit.SECONDS);
      return this;
    }

    /**
     * The end of its validity, truncated to the second; default none.
     *
     * @param validUntil the instant, or {@code null} for no upper bound
     * @return this builder
     */
    public Builder validUntil(@Nullable Instant validUntil) {
      this.validUntil = validUntil == null ? null : validUntil.truncatedTo(ChronoUnit.SECONDS);
      return this;
    }

    /**
     * Entries allowed; default 1. More for a day pass that may leave and come back.
     *
     * @param entries 1..65535
     * @return this builder
     */
    public Builder entries(int entries) {
      this.entries = entries;
      return this;
    }

    /**
     * Whether it must be shown with a rotating code; default {@code false}. Turn it on for
     * tickets shown in an app, so a screenshot goes stale within a step.
     *
     * @param rotating the flag
     * @return this builder
     */
    public Builder rotating(boolean rotating) {
      this.rotating = rotating;
      return this;
    }

    Builder format(TicketFormat format) {
      this.format = format;
      return this;
    }

    /**
     * Builds the ticket.
     *
     * @return the ticket
     * @throws TicketException if the event or id is missing, the entries are out of range, the
     *     window is empty or reversed, or (for our format) an instant is before 1970-01-01T00:00:01Z
     *     or after {@link #LATEST}
     */
    public Ticket build() {
      if (event == null || id == null) {
        throw new TicketException("a ticket needs an event and an id (set both on the builder)", null);
      }
      if (entries < 1 || entries > MAX_ENTRIES) {
        throw new TicketException("entries must be 1.." + MAX_ENTRIES + ", got " + entries, null);
      }
      if (validFrom != null && validUntil != null && !validUntil.isAfter(validFrom)) {
        throw new TicketException("validUntil (" + validUntil + ") must be after validFrom (" + validFrom + ")", null);
      }
      if (format == TicketFormat.MICROEVENT_V1) {
        for (Instant i : new Instant[] {validFrom, validUntil}) {
          if (i != null && (i.getEpochSecond() < 1 || i.isAfter(LATEST))) {
            throw new TicketException("a ticket's validity bounds must lie in 1970-01-01T00:00:01Z.." + LATEST
                + " (whole seconds), got " + i, null);
          }
        }
      }
      return new Ticket(this, event, id);
    }
  }
}
