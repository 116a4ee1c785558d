/**
 * A fake Matter Server for tests: the python-matter-server / matterjs-server WebSocket API on
 * loopback, with node dumps in the real format (bridges, unsigned 64-bit node ids) and faults
 * (dropped sockets, slow answers, error codes). It speaks the wire protocol with its own types, so
 * it also tests clients other than the SDK's.
 */
@NullMarked
package dev.microevent.testkit.matter;

import org.jspecify.annotations.NullMarked;
