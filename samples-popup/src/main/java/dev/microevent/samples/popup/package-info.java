/** The live-commerce pop-up sample app, against a real edge plane. */
@NullMarked
package dev.microevent.samples.popup;

import org.jspecify.annotations.NullMarked;
