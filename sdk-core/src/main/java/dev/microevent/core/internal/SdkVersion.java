package dev.microevent.core.internal;

/** The SDK's version, as reported in heartbeats and the User-Agent. */
public final class SdkVersion {
  /** The version string. */
  public static final String VERSION = "0.1.0-SNAPSHOT";

  private SdkVersion() {}
}
