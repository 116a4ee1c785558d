/**
 * Open-model load generation: {@link dev.microevent.testkit.load.LoadGenerator} offers requests
 * at the rate of a {@link dev.microevent.testkit.load.LoadProfile} however slowly the target
 * answers, and measures latency from each request's intended start (so coordinated omission is
 * corrected) into HdrHistograms, summed up in a {@link dev.microevent.testkit.load.LoadReport}.
 */
@NullMarked
package dev.microevent.testkit.load;

import org.jspecify.annotations.NullMarked;
