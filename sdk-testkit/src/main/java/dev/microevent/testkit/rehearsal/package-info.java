/**
 * Rehearsals: traffic (a replayed file or a load profile) plus a fault script against a client
 * configuration, judged against per-intent objectives and error budgets, and written as JSON and
 * as a one-page HTML report with charts. Entry point: {@link dev.microevent.testkit.rehearsal.Rehearsal}.
 */
@NullMarked
package dev.microevent.testkit.rehearsal;

import org.jspecify.annotations.NullMarked;
