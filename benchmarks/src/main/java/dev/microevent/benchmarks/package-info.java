/** JMH benchmarks of the SDK against raw baselines. */
package dev.microevent.benchmarks;
