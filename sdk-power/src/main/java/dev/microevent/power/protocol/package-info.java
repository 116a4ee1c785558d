/**
 * The wire protocols sdk-power speaks, for apps that read a device themselves: Victron's VE.Direct
 * text protocol ({@link dev.microevent.power.protocol.VeDirectReader} turns a serial stream into
 * checksummed {@link dev.microevent.power.protocol.VeDirectBlock}s, with typed {@link
 * dev.microevent.power.protocol.VeDirectField}s, charge states and error codes). An app that only
 * wants readings configures a source in {@link dev.microevent.power} ({@code VeDirectSource},
 * {@code NutSource}) and never needs this package.
 */
@NullMarked
package dev.microevent.power.protocol;

import org.jspecify.annotations.NullMarked;
