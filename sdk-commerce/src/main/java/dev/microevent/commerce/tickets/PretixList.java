package dev.microevent.commerce.tickets;

import java.util.Objects;
import java.util.Set;

/**
 * How a gate treats pretix {@code pretix_sig1} secrets, in the spirit of a pretix check-in list:
 * which subevent (date of a series) it admits, which products (items), and how many entries one
 * secret allows (pretix secrets carry no entry count). A product outside the list is {@link
 * VerdictKind#WRONG_ZONE}; another subevent is {@link VerdictKind#WRONG_EVENT}. Immutable and
 * thread-safe; the builder is not.
 */
public final class PretixList {
  private final long subevent;
  private final Set<Long> items;
  private final int entries;

  private PretixList(Builder b) {
    this.subevent = b.subevent;
    this.items = Set.copyOf(b.items);
    this.entries = b.entries;
  }

  /**
   * Every subevent, every product, one entry.
   *
   * @return the default list
   */
  public static PretixList defaults() {
    return builder().build();
  }

  /**
   * Starts a list.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The subevent admitted; 0 = any.
   *
   * @return the pretix subevent id
   */
  public long subevent() {
    return subevent;
  }

  /**
   * The products admitted; empty = all.
   *
   * @return pretix item ids
   */
  public Set<Long> items() {
    return items;
  }

  /**
   * Entries one secret allows.
   *
   * @return 1..65535
   */
  public int entries() {
    return entries;
  }

  @Override
  public String toString() {
    return "PretixList{subevent=" + subevent + ", items=" + items + ", entries=" + entries + "}";
  }

  /** Builds a {@link PretixList}. Not thread-safe. */
  public static final class Builder {
    private long subevent;
    private Set<Long> items = Set.of();
    private int entries = 1;

    private Builder() {}

    /**
     * The subevent admitted; default 0 (any). Secrets of another subevent are {@link
     * VerdictKind#WRONG_EVENT}; secrets without one (0) are admitted.
     *
     * @param subevent a pretix subevent id, or 0
     * @return this builder
     * @throws TicketException if negative
     */
    public Builder subevent(long subevent) {
      if (subevent < 0) {
        throw new TicketException("a pretix subevent id is 0 or more, got " + subevent, null);
      }
      this.subevent = subevent;
      return this;
    }

    /**
     * The products admitted; default all.
     *
     * @param items pretix item ids (copied)
     * @return this builder
     */
    public Builder items(Set<Long> items) {
      this.items = Set.copyOf(Objects.requireNonNull(items, "items"));
      return this;
    }

    /**
     * Entries one secret allows; default 1 (pretix's default: no multiple entries).
     *
     * @param entries 1..65535
     * @return this builder
     * @throws TicketException if out of range
     */
    public Builder entries(int entries) {
      if (entries < 1 || entries > Ticket.MAX_ENTRIES) {
        throw new TicketException("entries must be 1.." + Ticket.MAX_ENTRIES + ", got " + entries, null);
      }
      this.entries = entries;
      return this;
    }

    /**
     * Builds the list.
     *
     * @return the list
     */
    public PretixList build() {
      return new PretixList(this);
    }
  }
}
