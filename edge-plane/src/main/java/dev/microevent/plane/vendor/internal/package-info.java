/**
 * The browser session behind the vendor-console collector. Not public API; may change without
 * notice.
 */
@NullMarked
package dev.microevent.plane.vendor.internal;

import org.jspecify.annotations.NullMarked;
