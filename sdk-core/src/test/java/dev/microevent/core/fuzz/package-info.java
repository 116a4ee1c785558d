/**
 * The project's seeded fuzz harness, shared with every module's tests through sdk-core's test jar.
 */
package dev.microevent.core.fuzz;
