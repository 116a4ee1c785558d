/** Not public API; may change without notice. The testkit's engines: loopback HTTP server, open-loop runner, reports. */
@NullMarked
package dev.microevent.testkit.internal;

import org.jspecify.annotations.NullMarked;
