/**
 * Test support: capture what one class logs through SLF4J, at which level. Shared with every
 * module's tests through sdk-core's test jar; a module turns it on with the surefire/failsafe
 * system property {@code slf4j.provider=dev.microevent.core.logs.CapturingProvider}.
 */
@NullMarked
package dev.microevent.core.logs;

import org.jspecify.annotations.NullMarked;
