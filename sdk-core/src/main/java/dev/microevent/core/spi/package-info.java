/**
 * Extension points for SDK modules and extensions; apps do not need them. Kept small and stable:
 * how connections leave the device ({@link dev.microevent.core.spi.TransportBinder}), the one plug-in
 * point ({@link dev.microevent.core.spi.MicroEventModule}, registering through {@link
 * dev.microevent.core.spi.ModuleContext}) and the runtime every module shares ({@link
 * dev.microevent.core.spi.ModuleRuntime}: ticker, clock, scheduler, I/O pool, {@link
 * dev.microevent.core.spi.Meters}, {@link dev.microevent.core.spi.JsonCodec}, {@link
 * dev.microevent.core.spi.RemoteCalls}, {@link
 * dev.microevent.core.spi.WebSockets}). Only SDK, JDK and Micrometer types appear here.
 */
@NullMarked
package dev.microevent.core.spi;

import org.jspecify.annotations.NullMarked;
