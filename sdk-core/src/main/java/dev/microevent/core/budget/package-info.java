/**
 * Error budgets: SLOs per intent (and per slice), multi-window multi-burn-rate alerts from the
 * SRE workbook, in bounded memory on the injected clock.
 */
@NullMarked
package dev.microevent.core.budget;

import org.jspecify.annotations.NullMarked;
