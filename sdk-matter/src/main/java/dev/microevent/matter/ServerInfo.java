package dev.microevent.matter;

import java.util.Objects;

/**
 * What a Matter Server says about itself: sent unprompted right after the WebSocket opens, and on
 * {@link MatterClient#fetchServerInfo()}.
 *
 * <p>Immutable and thread-safe.
 */
public final class ServerInfo {
  private final MatterFabricId fabricId;
  private final MatterFabricId compressedFabricId;
  private final int schemaVersion;
  private final int minSupportedSchemaVersion;
  private final String sdkVersion;
  private final boolean wifiCredentialsSet;
  private final boolean threadCredentialsSet;
  private final boolean bluetoothEnabled;

  /**
   * Creates the info.
   *
   * @param fabricId the controller's fabric id
   * @param compressedFabricId its compressed fabric id
   * @param schemaVersion the newest schema the server speaks
   * @param minSupportedSchemaVersion the oldest client schema it accepts
   * @param sdkVersion the server's Matter stack version text
   * @param wifiCredentialsSet whether Wi-Fi credentials are set for commissioning
   * @param threadCredentialsSet whether a Thread dataset is set
   * @param bluetoothEnabled whether the server can commission over BLE
   */
  public ServerInfo(MatterFabricId fabricId, MatterFabricId compressedFabricId, int schemaVersion,
      int minSupportedSchemaVersion, String sdkVersion, boolean wifiCredentialsSet, boolean threadCredentialsSet,
      boolean bluetoothEnabled) {
    this.fabricId = Objects.requireNonNull(fabricId, "fabricId");
    this.compressedFabricId = Objects.requireNonNull(compressedFabricId, "compressedFabricId");
    this.schemaVersion = schemaVersion;
    this.minSupportedSchemaVersion = minSupportedSchemaVersion;
    this.sdkVersion = Objects.requireNonNull(sdkVersion, "sdkVersion");
    this.wifiCredentialsSet = wifiCredentialsSet;
    this.threadCredentialsSet = threadCredentialsSet;
    this.bluetoothEnabled = bluetoothEnabled;
  }

  /** {@return the controller's fabric id} */
  public MatterFabricId fabricId() {
    return fabricId;
  }

  /** {@return the compressed fabric id (what operational mDNS names carry)} */
  public MatterFabricId compressedFabricId() {
    return compressedFabricId;
  }

  /**
   * {@return the newest schema version the server speaks (11 for python-matter-server 8, 13+ for
   * matterjs-server)}
   */
  public int schemaVersion() {
    return schemaVersion;
  }

  /** {@return the oldest client schema version the server accepts} */
  public int minSupportedSchemaVersion() {
    return minSupportedSchemaVersion;
  }

  /** {@return the server's Matter stack version, as text} */
  public String sdkVersion() {
    return sdkVersion;
  }

  /** {@return whether Wi-Fi credentials are set (needed before commissioning a Wi-Fi device over BLE)} */
  public boolean wifiCredentialsSet() {
    return wifiCredentialsSet;
  }

  /** {@return whether a Thread dataset is set} */
  public boolean threadCredentialsSet() {
    return threadCredentialsSet;
  }

  /** {@return whether the server can commission over Bluetooth} */
  public boolean bluetoothEnabled() {
    return bluetoothEnabled;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ServerInfo s && fabricId.equals(s.fabricId) && compressedFabricId.equals(s.compressedFabricId)
        && schemaVersion == s.schemaVersion && minSupportedSchemaVersion == s.minSupportedSchemaVersion
        && sdkVersion.equals(s.sdkVersion) && wifiCredentialsSet == s.wifiCredentialsSet
        && threadCredentialsSet == s.threadCredentialsSet && bluetoothEnabled == s.bluetoothEnabled;
  }

  @Override
  public int hashCode() {
    return Objects.hash(fabricId, compressedFabricId, schemaVersion, minSupportedSchemaVersion, sdkVersion,
        wifiCredentialsSet, threadCredentialsSet, bluetoothEnabled);
  }

  @Override
  public String toString() {
    return "ServerInfo{fabric " + fabricId + ", schema " + minSupportedSchemaVersion + ".." + schemaVersion
        + ", sdk " + sdkVersion + ", bluetooth " + bluetoothEnabled + "}";
  }
}
