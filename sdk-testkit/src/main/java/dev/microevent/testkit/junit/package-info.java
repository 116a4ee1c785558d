/**
 * JUnit 5 support: {@link dev.microevent.testkit.junit.MicroEventTest} injects started fakes and a
 * client wired to them into test methods. The only package of the testkit that uses JUnit types.
 */
@NullMarked
package dev.microevent.testkit.junit;

import org.jspecify.annotations.NullMarked;
