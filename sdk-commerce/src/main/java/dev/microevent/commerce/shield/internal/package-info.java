/**
 * The bot shield's machinery: the default shield and drop queue, the ALTCHA codec, the token
 * bucket and the in-memory and Redis stores. Not public API; may change without notice.
 */
@NullMarked
package dev.microevent.commerce.shield.internal;

import org.jspecify.annotations.NullMarked;
