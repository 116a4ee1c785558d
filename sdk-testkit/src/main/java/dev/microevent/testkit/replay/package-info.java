/**
 * Traffic capture and replay: the NDJSON traffic format ({@link
 * dev.microevent.testkit.replay.TrafficRecord}, {@link dev.microevent.testkit.replay.TrafficFile}),
 * and a {@link dev.microevent.testkit.replay.TrafficRecorder} that captures real calls through a
 * client. Replay a file with {@link dev.microevent.testkit.load.LoadGenerator.Builder#replay}.
 */
@NullMarked
package dev.microevent.testkit.replay;

import org.jspecify.annotations.NullMarked;
