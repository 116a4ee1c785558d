/**
 * The hybrid oracle: non-critical decisions answered locally (cached remote answers, rules from
 * the pushed config, a local model), the cloud asked only when local confidence is too low or
 * the intent demands it, and a local answer marked degraded when the cloud is unreachable.
 */
@NullMarked
package dev.microevent.core.oracle;

import org.jspecify.annotations.NullMarked;
