/**
 * The commerce client's machinery: wire mapping, the read cache, the checkout journal, the probe
 * and the bot shield's stores and codecs. Not public API; may change without notice.
 */
@NullMarked
package dev.microevent.commerce.internal;

import org.jspecify.annotations.NullMarked;
