package dev.microevent.slices;

import dev.microevent.core.Intent;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A 5G slice as the app sees it: its identity (S-NSSAI), its QoS (5QI), how a connection reaches
 * it (a local address of the slice's PDU session, and/or a forward proxy bound to it, plus an
 * optional DSCP mark), which intents may ride it, and its availability target.
 *
 * <pre>{@code
 * Slice checkout = Slice.builder(SliceId.of("checkout"))
 *     .snssai(Snssai.of(SliceServiceType.URLLC, 0x00C0DE))
 *     .qos(FiveQi.standard(7))
 *     .localAddress(InetAddress.getByName("10.64.0.2"))   // the slice's PDU session address
 *     .dscp(Dscp.AF21)
 *     .exclusiveTo(Intent.PAYMENT)                         // isolation: nothing else rides it
 *     .availabilityTarget(0.999)
 *     .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe. Two slices are equal when all their settings are.
 *
 * @see SlicePlan
 */
public final class Slice {
  private final SliceId id;
  private final Snssai snssai;
  private final FiveQi qos;
  private final @Nullable InetAddress localAddress;
  private final @Nullable InetSocketAddress proxy;
  private final @Nullable Dscp dscp;
  private final Set<Intent> exclusiveTo;
  private final double availabilityTarget;
  private final @Nullable InetSocketAddress probeTarget;

  private Slice(Builder b) {
    this.id = b.id;
    this.snssai = b.snssai;
    this.qos = b.qos;
    this.localAddress = b.localAddress;
    this.proxy = b.proxy;
    this.dscp = b.dscp;
    this.exclusiveTo = Set.copyOf(b.exclusiveTo);
    this.availabilityTarget = b.availabilityTarget;
    this.probeTarget = b.probeTarget;
  }

  /**
   * A builder.
   *
   * @param id the slice's name; not {@link SliceId#DEFAULT_NETWORK}
   * @return a new builder; not thread-safe
   */
  public static Builder builder(SliceId id) {
    return new Builder(id);
  }

  /** {@return a builder holding this slice's settings} */
  public Builder toBuilder() {
    Builder b = new Builder(id).snssai(snssai).qos(qos).availabilityTarget(availabilityTarget);
    b.localAddress = localAddress;
    b.proxy = proxy;
    b.dscp = dscp;
    b.exclusiveTo.addAll(exclusiveTo);
    b.probeTarget = probeTarget;
    return b;
  }

  /** {@return the slice's name} */
  public SliceId id() {
    return id;
  }

  /** {@return its identity in the operator's network} */
  public Snssai snssai() {
    return snssai;
  }

  /** {@return its QoS characteristics} */
  public FiveQi qos() {
    return qos;
  }

  /** {@return the local address sockets are bound to, if the slice is reached that way} */
  public Optional<InetAddress> localAddress() {
    return Optional.ofNullable(localAddress);
  }

  /** {@return the HTTP forward proxy connections go through, if the slice is reached that way} */
  public Optional<InetSocketAddress> proxy() {
    return Optional.ofNullable(proxy);
  }

  /** {@return the DSCP mark set on the slice's sockets, if any} */
  public Optional<Dscp> dscp() {
    return Optional.ofNullable(dscp);
  }

  /**
   * {@return the only intents allowed on this slice (isolation), or empty when any intent may ride
   * it} A rule may still lend the slice to another intent, but only by saying so with {@link
   * SliceRule.Builder#borrowing(SliceId)}.
   */
  public Set<Intent> exclusiveTo() {
    return exclusiveTo;
  }

  /**
   * {@return whether an intent may ride this slice without an explicit borrowing rule: {@code true}
   * if the slice is reserved for no intent or for this one}
   *
   * @param intent the intent of the call that would ride the slice
   */
  public boolean admits(Intent intent) {
    return exclusiveTo.isEmpty() || exclusiveTo.contains(intent);
  }

  /** {@return the share of attempts that must succeed (the slice's SLO), e.g. 0.999} */
  public double availabilityTarget() {
    return availabilityTarget;
  }

  /** {@return where the active probe connects to through the slice, if anywhere} */
  public Optional<InetSocketAddress> probeTarget() {
    return Optional.ofNullable(probeTarget);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Slice s && s.id.equals(id) && s.snssai.equals(snssai) && s.qos.equals(qos)
        && Objects.equals(s.localAddress, localAddress) && Objects.equals(s.proxy, proxy)
        && Objects.equals(s.dscp, dscp) && s.exclusiveTo.equals(exclusiveTo)
        && s.availabilityTarget == availabilityTarget && Objects.equals(s.probeTarget, probeTarget);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, snssai, qos, localAddress, proxy, dscp, exclusiveTo, availabilityTarget, probeTarget);
  }

  @Override
  public String toString() {
    return "Slice{" + id + ", S-NSSAI " + snssai + ", 5QI " + qos.value()
        + (localAddress != null ? ", from " + localAddress.getHostAddress() : "")
        + (proxy != null ? ", via proxy " + proxy : "")
        + (dscp != null ? ", DSCP " + dscp.value() : "")
        + (exclusiveTo.isEmpty() ? "" : ", exclusive to " + exclusiveTo) + "}";
  }

  /** Builds a {@link Slice}. Not thread-safe. */
  public static final class Builder {
    private final SliceId id;
    private Snssai snssai = Snssai.of(SliceServiceType.EMBB);
    private FiveQi qos = FiveQi.standard(9);
    private @Nullable InetAddress localAddress;
    private @Nullable InetSocketAddress proxy;
    private @Nullable Dscp dscp;
    private final Set<Intent> exclusiveTo = new LinkedHashSet<>();
    private double availabilityTarget = 0.99;
    private @Nullable InetSocketAddress probeTarget;

    private Builder(SliceId id) {
      this.id = Objects.requireNonNull(id, "id");
      if (id.isDefaultNetwork()) {
        throw new IllegalArgumentException("'default' names the default network; give the slice another id");
      }
    }

    /**
     * The slice's identity; default eMBB without SD.
     *
     * @param snssai the S-NSSAI
     * @return this builder
     */
    public Builder snssai(Snssai snssai) {
      this.snssai = Objects.requireNonNull(snssai, "snssai");
      return this;
    }

    /**
     * The slice's QoS; default 5QI 9 (the typical default bearer).
     *
     * @param qos the 5QI
     * @return this builder
     */
    public Builder qos(FiveQi qos) {
      this.qos = Objects.requireNonNull(qos, "qos");
      return this;
    }

    /**
     * Binds the slice's sockets to this local address (the address of the slice's PDU session,
     * or of a router port mapped to the slice). Default none. With Linux policy routing ({@code ip
     * rule from <addr> table N}) this puts the connection on the slice.
     *
     * @param address a local address
     * @return this builder
     */
    public Builder localAddress(InetAddress address) {
      this.localAddress = Objects.requireNonNull(address, "address");
      return this;
    }

    /**
     * Sends the slice's HTTP traffic through this forward proxy (one bound to the slice's
     * interface). Default none.
     *
     * @param proxy the proxy's address
     * @return this builder
     */
    public Builder proxy(InetSocketAddress proxy) {
      Objects.requireNonNull(proxy, "proxy");
      if (proxy.isUnresolved()) {
        throw new IllegalArgumentException("slice " + id + " proxy " + proxy
            + " is unresolved; give an address so a dead proxy can be told from a dead server");
      }
      this.proxy = proxy;
      return this;
    }

    /**
     * Marks the slice's packets with this DSCP. Default none (the OS default).
     *
     * @param dscp the code point
     * @return this builder
     */
    public Builder dscp(Dscp dscp) {
      this.dscp = Objects.requireNonNull(dscp, "dscp");
      return this;
    }

    /**
     * Reserves the slice for these intents: rules may route no other intent onto it unless they
     * explicitly borrow it. Default: any intent may ride it.
     *
     * @param intents the intents the slice is reserved for
     * @return this builder
     */
    public Builder exclusiveTo(Intent... intents) {
      for (Intent i : intents) {
        exclusiveTo.add(Objects.requireNonNull(i, "intent"));
      }
      return this;
    }

    /**
     * The slice's availability target (SLO) for its error budget: the share of attempts through
     * it that must not fail on the wire or time out. Default 0.99.
     *
     * @param target strictly between 0 and 1
     * @return this builder
     */
    public Builder availabilityTarget(double target) {
      if (!(target > 0 && target < 1)) {
        throw new IllegalArgumentException("availability target must be within (0, 1), got " + target);
      }
      this.availabilityTarget = target;
      return this;
    }

    /**
     * Where the active probe opens a TCP connection through the slice (for example the edge
     * plane's address). Default none: the probe then checks only that the slice's local address
     * is still usable and its proxy accepts connections.
     *
     * @param target a host and port
     * @return this builder
     */
    public Builder probeTarget(InetSocketAddress target) {
      this.probeTarget = Objects.requireNonNull(target, "target");
      return this;
    }

    /**
     * Builds the slice.
     *
     * @return the slice
     */
    public Slice build() {
      return new Slice(this);
    }
  }
}
