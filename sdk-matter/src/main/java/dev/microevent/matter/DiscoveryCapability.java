package dev.microevent.matter;

/** A way a commissionable device can be found, one bit of a QR payload's discovery capabilities. */
public enum DiscoveryCapability {
  /** Wi-Fi soft access point (bit 0). */
  SOFT_AP(0x01),
  /** Bluetooth Low Energy (bit 1). */
  BLE(0x02),
  /** Already on the IP network (bit 2). */
  ON_NETWORK(0x04),
  /** Wi-Fi Public Action Frame (bit 3). */
  WIFI_PAF(0x08),
  /** NFC commissioning (bit 4). */
  NFC(0x10),
  /** Thread (bit 5). */
  THREAD(0x20);

  private final int bit;

  DiscoveryCapability(int bit) {
    this.bit = bit;
  }

  /**
   * The capability's bit in the 8-bit field.
   *
   * @return a single-bit mask
   */
  public int bit() {
    return bit;
  }
}
