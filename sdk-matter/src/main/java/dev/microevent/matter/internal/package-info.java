/**
 * The Matter module's machinery: Base38, Verhoeff, the QR bit layout, the manual-code digit
 * layout, the onboarding TLV reader and writer, and the manifest mapping. Not public API; may
 * change without notice.
 */
@NullMarked
package dev.microevent.matter.internal;

import org.jspecify.annotations.NullMarked;
