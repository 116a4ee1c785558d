package dev.microevent.power;

/**
 * Battery chemistry, with the planning defaults from the field reference: how deep a pack may be
 * discharged for a long life, and its Peukert exponent.
 *
 * <p>This enum is immutable and thread-safe.
 */
public enum Chemistry {
  /** Flooded lead-acid: plan 50 % depth of discharge; Peukert about 1.25. */
  LEAD_ACID_FLOODED(0.5, 1.25),
  /** AGM lead-acid: plan 50 % depth of discharge; Peukert about 1.1. */
  LEAD_ACID_AGM(0.5, 1.1),
  /** Gel lead-acid: plan 50 % depth of discharge; Peukert about 1.15. */
  LEAD_ACID_GEL(0.5, 1.15),
  /** LiFePO4: 90 % depth of discharge routinely; Peukert effect negligible (1.0). */
  LIFEPO4(0.9, 1.0),
  /** Other lithium-ion: 80 % depth of discharge; Peukert 1.0. */
  LITHIUM_ION(0.8, 1.0);

  private final double depthOfDischarge;
  private final double peukertExponent;

  Chemistry(double depthOfDischarge, double peukertExponent) {
    this.depthOfDischarge = depthOfDischarge;
    this.peukertExponent = peukertExponent;
  }

  /** {@return the default usable depth of discharge, 0..1} */
  public double defaultDepthOfDischarge() {
    return depthOfDischarge;
  }

  /** {@return the default Peukert exponent (1.0 = no rate effect)} */
  public double defaultPeukertExponent() {
    return peukertExponent;
  }
}
