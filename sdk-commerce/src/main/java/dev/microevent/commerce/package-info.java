/**
 * Checkout that never double-charges, reads served locally and probes; the bot shield lives in
 * {@link dev.microevent.commerce.shield}, tickets in {@code tickets}, the audit log in {@code audit}.
 */
@NullMarked
package dev.microevent.commerce;

import org.jspecify.annotations.NullMarked;
