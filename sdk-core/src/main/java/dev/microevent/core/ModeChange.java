package dev.microevent.core;

import java.time.Instant;

/**
 * A change of the applied {@link ServiceMode}.
 *
 * @param from the mode before
 * @param to the mode now applied
 * @param source name of the source whose proposal decided the new mode
 * @param reason that source's reason
 * @param at when, on the client's clock
 */
public record ModeChange(ServiceMode from, ServiceMode to, String source, String reason, Instant at) {}
