/** Not public API; may change without notice. Slice steering engine, CAMARA wire mapping. */
@NullMarked
package dev.microevent.slices.internal;

import org.jspecify.annotations.NullMarked;
