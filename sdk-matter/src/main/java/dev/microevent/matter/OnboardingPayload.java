package dev.microevent.matter;

import dev.microevent.matter.internal.OnboardingTlv;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * What a Matter device's onboarding code says: vendor and product, commissioning flow, how the
 * device can be discovered, its discriminator and its setup passcode, plus optional TLV data
 * (serial number, vendor elements). A QR code ({@link QrCode}) carries all of it; a manual
 * pairing code ({@link ManualCode}) carries the passcode, the short discriminator and, in its
 * 21-digit form, vendor and product.
 *
 * <pre>{@code
 * OnboardingPayload light = OnboardingPayload.builder()
 *     .vendorId(VendorId.TEST_VENDOR_1).productId(ProductId.of(0x8000))
 *     .discoveryCapabilities(DiscoveryCapabilities.of(DiscoveryCapability.ON_NETWORK))
 *     .discriminator(Discriminator.ofLong(3840)).passcode(20202021)
 *     .build();
 * QrCode.format(light);       // "MT:Y.K90AFN00KA0648G00"
 * ManualCode.format(light);   // "34970112332"
 * OnboardingPayload.parse("3497-011-2332").passcode();   // 20202021
 * }</pre>
 *
 * <p>Every instance satisfies the rules common to both {@link ValidationMode}s (passcode range
 * and banned passcodes, vendor and product ids, discriminator range). {@link #toString()} never
 * shows the passcode. Immutable and thread-safe; the builder is not thread-safe.
 */
public final class OnboardingPayload {
  /** Largest valid passcode. */
  public static final int MAX_PASSCODE = 99_999_998;

  private static final int[] BANNED_PASSCODES = {11111111, 22222222, 33333333, 44444444, 55555555, 66666666,
      77777777, 88888888, 12345678, 87654321};

  private final VendorId vendorId;
  private final ProductId productId;
  private final CommissioningFlow commissioningFlow;
  private final @Nullable DiscoveryCapabilities discoveryCapabilities;
  private final Discriminator discriminator;
  private final int passcode;
  private final byte[] extensionData;
  private final OnboardingTlv.Contents extension;

  private OnboardingPayload(Builder b, Discriminator discriminator) {
    this.vendorId = b.vendorId;
    this.productId = b.productId;
    this.commissioningFlow = b.commissioningFlow;
    this.discoveryCapabilities = b.discoveryCapabilities;
    this.discriminator = discriminator;
    this.passcode = b.passcode;
    this.extensionData = b.extensionData.clone();
    this.extension = OnboardingTlv.read(extensionData, false, "payload");
  }

  /**
   * A new builder. Required: {@link Builder#discriminator(Discriminator)} and {@link
   * Builder#passcode(int)}.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding this payload's values.
   *
   * @return the builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.vendorId = vendorId;
    b.productId = productId;
    b.commissioningFlow = commissioningFlow;
    b.discoveryCapabilities = discoveryCapabilities;
    b.discriminator = discriminator;
    b.passcode = passcode;
    b.extensionData = extensionData.clone();
    return b;
  }

  /**
   * Parses either kind of onboarding code: a QR code when the text holds {@code MT:}, else a
   * manual pairing code. Scanner rules ({@link ValidationMode#LENIENT}).
   *
   * @param code a QR code text (one payload) or a manual pairing code
   * @return the payload
   * @throws PayloadException if the code is malformed or invalid, or a QR code holds several payloads
   */
  public static OnboardingPayload parse(String code) {
    return parse(code, ValidationMode.LENIENT);
  }

  /**
   * Parses either kind of onboarding code, as {@link #parse(String)}, with the given rules.
   *
   * @param code a QR code text (one payload) or a manual pairing code
   * @param mode producer or scanner rules
   * @return the payload
   * @throws PayloadException if the code is malformed or invalid, or a QR code holds several payloads
   */
  public static OnboardingPayload parse(String code, ValidationMode mode) {
    Objects.requireNonNull(code, "code");
    return code.contains(QrCode.PREFIX) ? QrCode.parse(code, mode) : ManualCode.parse(code, mode);
  }

  /**
   * Whether a passcode may be used: 1..99999998 and none of the trivial passcodes the
   * specification bans (11111111 ... 88888888, 12345678, 87654321).
   *
   * @param passcode the passcode
   * @return {@code true} if valid
   */
  public static boolean isValidPasscode(long passcode) {
    if (passcode < 1 || passcode > MAX_PASSCODE) {
      return false;
    }
    for (int banned : BANNED_PASSCODES) {
      if (passcode == banned) {
        return false;
      }
    }
    return true;
  }

  /**
   * A random valid passcode, drawn as upstream does: uniformly from 1..99999998, again while it
   * is banned. Give it a {@link java.security.SecureRandom} for real devices.
   *
   * @param random the source
   * @return a valid passcode
   */
  public static int randomPasscode(RandomGenerator random) {
    Objects.requireNonNull(random, "random");
    while (true) {
      int candidate = 1 + random.nextInt(MAX_PASSCODE);
      if (isValidPasscode(candidate)) {
        return candidate;
      }
    }
  }

  /**
   * The vendor id; {@link VendorId#UNSPECIFIED} when the code does not carry one (an 11-digit
   * manual code).
   *
   * @return the vendor id
   */
  public VendorId vendorId() {
    return vendorId;
  }

  /**
   * The product id; {@link ProductId#UNSPECIFIED} when the code does not carry one.
   *
   * @return the product id
   */
  public ProductId productId() {
    return productId;
  }

  /**
   * The commissioning flow. A manual code only says whether the flow is standard: its 21-digit
   * form reads as {@link CommissioningFlow#CUSTOM}, as upstream reads it.
   *
   * @return the flow
   */
  public CommissioningFlow commissioningFlow() {
    return commissioningFlow;
  }

  /**
   * How the device can be discovered; empty for a payload from a manual code, which does not
   * carry it (a QR code always does).
   *
   * @return the capabilities, if known
   */
  public Optional<DiscoveryCapabilities> discoveryCapabilities() {
    return Optional.ofNullable(discoveryCapabilities);
  }

  /**
   * The discriminator: long from a QR code, short from a manual code.
   *
   * @return the discriminator
   */
  public Discriminator discriminator() {
    return discriminator;
  }

  /**
   * The setup passcode (the secret that commissioning proves knowledge of). Keep it out of logs.
   *
   * @return 1..99999998
   */
  public int passcode() {
    return passcode;
  }

  /**
   * The QR code's optional TLV data as carried (empty if none). A scanner keeps data it cannot
   * read as opaque bytes; see {@link #serialNumber()} for what is understood.
   *
   * @return a copy of the bytes
   */
  public byte[] extensionData() {
    return extensionData.clone();
  }

  /**
   * The device's serial number from the TLV data (tag 0x00), if given; an integer serial number
   * reads as its decimal digits.
   *
   * @return the serial number, if present
   */
  public Optional<String> serialNumber() {
    OnboardingTlv.Element e = extension.get(OnboardingTlv.SERIAL_NUMBER);
    return e == null ? Optional.empty() : Optional.of(e.asText());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OnboardingPayload p && vendorId.equals(p.vendorId) && productId.equals(p.productId)
        && commissioningFlow == p.commissioningFlow && Objects.equals(discoveryCapabilities, p.discoveryCapabilities)
        && discriminator.equals(p.discriminator) && passcode == p.passcode
        && Arrays.equals(extensionData, p.extensionData);
  }

  @Override
  public int hashCode() {
    return Objects.hash(vendorId, productId, commissioningFlow, discoveryCapabilities, discriminator, passcode,
        Arrays.hashCode(extensionData));
  }

  /** The payload without its passcode. */
  @Override
  public String toString() {
    return "OnboardingPayload[vendorId=" + vendorId + ", productId=" + productId + ", flow=" + commissioningFlow
        + ", discovery=" + (discoveryCapabilities == null ? "unknown" : discoveryCapabilities) + ", discriminator="
        + discriminator + ", passcode=<redacted>"
        + (extensionData.length == 0 ? "" : ", extension=" + (extension.opaque() ? extensionData.length
            + " opaque bytes" : extension.elements())) + "]";
  }

  /**
   * Builds an {@link OnboardingPayload}. Not thread-safe.
   *
   * @see OnboardingPayload#builder()
   */
  public static final class Builder {
    private VendorId vendorId = VendorId.UNSPECIFIED;
    private ProductId productId = ProductId.UNSPECIFIED;
    private CommissioningFlow commissioningFlow = CommissioningFlow.STANDARD;
    private @Nullable DiscoveryCapabilities discoveryCapabilities;
    private @Nullable Discriminator discriminator;
    private int passcode;
    private byte[] extensionData = new byte[0];

    private Builder() {}

    /**
     * The vendor id. Default {@link VendorId#UNSPECIFIED}.
     *
     * @param vendorId the vendor id
     * @return this builder
     */
    public Builder vendorId(VendorId vendorId) {
      this.vendorId = Objects.requireNonNull(vendorId, "vendorId");
      return this;
    }

    /**
     * The product id; must not be 0 once a vendor is given. Default {@link ProductId#UNSPECIFIED}.
     *
     * @param productId the product id
     * @return this builder
     */
    public Builder productId(ProductId productId) {
      this.productId = Objects.requireNonNull(productId, "productId");
      return this;
    }

    /**
     * The commissioning flow. Default {@link CommissioningFlow#STANDARD}; any other flow makes
     * {@link ManualCode#format(OnboardingPayload)} write the 21-digit form with vendor and product.
     *
     * @param flow the flow
     * @return this builder
     */
    public Builder commissioningFlow(CommissioningFlow flow) {
      this.commissioningFlow = Objects.requireNonNull(flow, "flow");
      return this;
    }

    /**
     * How the device can be discovered. Needed for a QR code; a manual code does not carry it.
     * Default: none given.
     *
     * @param capabilities the capabilities, or null for none given
     * @return this builder
     */
    public Builder discoveryCapabilities(@Nullable DiscoveryCapabilities capabilities) {
      this.discoveryCapabilities = capabilities;
      return this;
    }

    /**
     * The discriminator: long (12 bits) for a QR code, short is enough for a manual code.
     * Required.
     *
     * @param discriminator the discriminator
     * @return this builder
     */
    public Builder discriminator(Discriminator discriminator) {
      this.discriminator = Objects.requireNonNull(discriminator, "discriminator");
      return this;
    }

    /**
     * The setup passcode, 1..99999998 and not banned ({@link OnboardingPayload#isValidPasscode(long)},
     * {@link OnboardingPayload#randomPasscode(RandomGenerator)}). Required.
     *
     * @param passcode the passcode
     * @return this builder
     */
    public Builder passcode(int passcode) {
      this.passcode = passcode;
      return this;
    }

    /**
     * The QR code's optional TLV data, checked against the producer rules (one anonymous
     * structure of context-tagged elements; tags 0x00-0x04 of their defined types, 0x80-0xFF
     * integers or strings). Replaces any serial number set before. Default: none.
     *
     * @param tlv the TLV bytes (empty for none)
     * @return this builder
     * @throws PayloadException if the bytes break the producer rules or are too many
     */
    public Builder extensionData(byte[] tlv) {
      byte[] copy = Objects.requireNonNull(tlv, "tlv").clone();
      OnboardingTlv.read(copy, true, "extension data");
      this.extensionData = copy;
      return this;
    }

    /**
     * Sets (or, with null, removes) the serial number in the TLV data, keeping its other elements.
     *
     * @param serialNumber at most 32 UTF-8 bytes, or null to remove it
     * @return this builder
     * @throws PayloadException if the serial number is too long, or the TLV data held so far
     *     cannot be read (opaque data from a lenient scan)
     */
    public Builder serialNumber(@Nullable String serialNumber) {
      List<OnboardingTlv.Element> elements =
          new ArrayList<>(OnboardingTlv.read(extensionData, true, "extension data").elements());
      int at = -1;
      for (int i = 0; i < elements.size(); i++) {
        if (elements.get(i).tag() == OnboardingTlv.SERIAL_NUMBER) {
          at = i;
        }
      }
      if (serialNumber == null) {
        if (at >= 0) {
          elements.remove(at);
        }
      } else if (at >= 0) {
        elements.set(at, OnboardingTlv.Element.utf8(OnboardingTlv.SERIAL_NUMBER, serialNumber));
      } else {
        elements.add(0, OnboardingTlv.Element.utf8(OnboardingTlv.SERIAL_NUMBER, serialNumber));
      }
      return extensionData(OnboardingTlv.write(elements));
    }

    /** TLV data kept as a scanner read it, unchecked (lenient parses only). */
    Builder uncheckedExtensionData(byte[] tlv) {
      this.extensionData = tlv.clone();
      return this;
    }

    /**
     * Builds the payload.
     *
     * @return the payload
     * @throws InvalidPayloadException if the passcode is missing, out of range or banned, the
     *     discriminator is missing, or a vendor is given without a product
     */
    public OnboardingPayload build() {
      if (discriminator == null) {
        throw new InvalidPayloadException(PayloadProblem.INVALID_DISCRIMINATOR, "a payload needs a discriminator");
      }
      checkPasscode(passcode, "payload");
      if (vendorId.isSpecified() && productId.value() == 0) {
        throw new InvalidPayloadException(PayloadProblem.INVALID_PRODUCT_ID, "payload: vendor " + vendorId
            + " is given with product id 0; a product id of 0 is only valid without a vendor");
      }
      return new OnboardingPayload(this, discriminator);
    }
  }

  /** Throws the typed error for an invalid passcode, without echoing it. */
  static void checkPasscode(long passcode, String what) {
    if (passcode == 0) {
      throw new InvalidPayloadException(PayloadProblem.INVALID_PASSCODE, what + ": no passcode (0 means undefined)");
    }
    if (passcode < 1 || passcode > MAX_PASSCODE) {
      throw new InvalidPayloadException(PayloadProblem.INVALID_PASSCODE, what
          + ": the passcode is out of range (valid: 1..99999998)");
    }
    if (!isValidPasscode(passcode)) {
      throw new InvalidPayloadException(PayloadProblem.INVALID_PASSCODE, what
          + ": the passcode is one of the trivial passcodes the specification bans"
          + " (11111111, 22222222, ..., 88888888, 12345678, 87654321); no controller accepts it");
    }
  }
}
