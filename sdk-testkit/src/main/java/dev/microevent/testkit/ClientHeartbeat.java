package dev.microevent.testkit;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What a client reported about itself in one heartbeat to a fake plane (edge-plane API {@code
 * ClientStatus}).
 *
 * @param instanceId the client's instance id
 * @param mode the client's service mode, e.g. {@code NORMAL}
 * @param lastError the last failure the client saw, or {@code null}
 * @param sdkVersion the SDK version
 * @param sentAt when the client sent it, on the client's clock
 * @param receivedAt when the fake received it, on the fake's clock
 */
public record ClientHeartbeat(
    String instanceId, String mode, @Nullable String lastError, String sdkVersion, Instant sentAt, Instant receivedAt) {}
