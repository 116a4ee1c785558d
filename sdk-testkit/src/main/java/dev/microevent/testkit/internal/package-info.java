/**
 * Not public API; may change without notice. The testkit's engines: loopback HTTP server,
 * open-loop runner, reports, and the fake commerce backend's router ({@code CommerceRouter}: paths,
 * parsing, status codes) and domain model ({@code CommerceModel}: carts, orders, stock, idempotency
 * keys, fences).
 */
@NullMarked
package dev.microevent.testkit.internal;

import org.jspecify.annotations.NullMarked;
