/**
 * The commerce client's machinery: wire mapping, the read cache, the checkout journal, the probe,
 * id checks and HMAC signing shared with the bot shield's internals, and Ed25519 through Bouncy
 * Castle ({@code EdKey}), shared by the tickets and the audit log. Not public API; may change
 * without notice.
 */
@NullMarked
package dev.microevent.commerce.internal;

import org.jspecify.annotations.NullMarked;
