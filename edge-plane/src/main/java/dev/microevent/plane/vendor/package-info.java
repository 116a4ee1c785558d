/**
 * Vendor consoles as meters: {@link dev.microevent.plane.vendor.ConsoleCollector} drives a real
 * headless Chromium to log in to a vendor's JS-heavy console (operator slice portals, UPS and solar
 * panels, Wi-Fi controllers), waits for the values to render, reads them by the declarative
 * selectors of a {@link dev.microevent.plane.vendor.ConsoleSpec} and exports them as {@code
 * microevent.vendor.*} meters. Failures are typed ({@link dev.microevent.plane.vendor.ConsoleException}
 * and its leaves), alert, and never hang the plane. See {@code docs/telemetry.md}.
 */
@NullMarked
package dev.microevent.plane.vendor;

import org.jspecify.annotations.NullMarked;
