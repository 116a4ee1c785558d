/**
 * The power module's machinery: protocol codecs (NUT, VE.Direct, apcupsd NIS), the budget
 * calculator, the degradation policy engine, meters. Not public API; may change without notice.
 */
@NullMarked
package dev.microevent.power.internal;

import org.jspecify.annotations.NullMarked;
