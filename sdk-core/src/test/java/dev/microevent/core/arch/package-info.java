/** Architecture rules shared with every SDK module's tests through sdk-core's test jar. */
package dev.microevent.core.arch;
