/**
 * A fake commerce backend that speaks {@code docs/commerce-api.yaml} over real loopback sockets,
 * with an idempotency store, a charge ledger and per-plane fault injection. Depends only on
 * sdk-core; it uses its own wire types, so it works with any client of the API.
 */
@NullMarked
package dev.microevent.testkit.commerce;

import org.jspecify.annotations.NullMarked;
