/**
 * The plane's machinery: HTTP handling on Jetty, state stores, signing, validation, forwarding and
 * the command line. Not public API; may change without notice.
 */
@NullMarked
package dev.microevent.plane.internal;

import org.jspecify.annotations.NullMarked;
