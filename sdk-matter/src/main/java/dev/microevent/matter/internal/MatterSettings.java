package dev.microevent.matter.internal;

import dev.microevent.matter.MatterListener;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Random;

/**
 * What {@code MatterClient.Builder} collected, checked there.
 *
 * @param controller the server's WebSocket URL
 * @param commandTimeout deadline of ordinary commands
 * @param commissioningTimeout deadline of commissioning
 * @param reconnectInitial first reconnect wait
 * @param reconnectMax longest reconnect wait
 * @param pingInterval WebSocket ping interval
 * @param eventQueueCapacity events kept for slow listeners
 * @param maxPendingCommands commands waiting at once
 * @param listeners listeners from the start
 * @param random message ids and jitter
 */
public record MatterSettings(URI controller, Duration commandTimeout, Duration commissioningTimeout,
    Duration reconnectInitial, Duration reconnectMax, Duration pingInterval, int eventQueueCapacity,
    int maxPendingCommands, List<MatterListener> listeners, Random random) {}
