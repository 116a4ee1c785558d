package dev.microevent.benchmarks;

import dev.failsafe.Bulkhead;
import dev.failsafe.CircuitBreaker;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.RateLimiter;
import dev.failsafe.RetryPolicy;
import dev.failsafe.function.CheckedSupplier;
import dev.microevent.core.Intent;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.net.SocketFactory;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The decision path without the network: every call runs over {@link MemorySocketFactory}
 * sockets, which answer at once in memory, so what differs between the four methods is only what
 * each stack decides and records around the same OkHttp exchange.
 *
 * <ul>
 *   <li>{@code rawOkHttp}: the exchange alone (the baseline);
 *   <li>{@code sdkClient}: the SDK with every feature on ({@link Clients#sdk}): mode gate, policy,
 *       rate limit, bulkhead, breaker, retry, route choice, trace context, outlier and anomaly
 *       detection, error budget, listener, meters. Its in-memory sockets come through its public
 *       seam, a transport binding with a socket factory, so no SDK code is bypassed or changed;
 *   <li>{@code failsafe}: Failsafe's rate limiter, bulkhead, circuit breaker and retry policy with
 *       the SDK's settings around the exchange, and a Micrometer timer;
 *   <li>{@code resilience4j}: the same with Resilience4j's decorators.
 * </ul>
 *
 * The SDK does more than the two decorator stacks (routing, tracing, detection, budgets, more
 * meters): the comparison shows what that costs beside the generic libraries doing the part they
 * share. Subtract {@code rawOkHttp} for each stack's own cost.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class DecisionPathBenchmark {

  /** Raw OkHttp over in-memory sockets; the base of the decorator stacks too. */
  @State(Scope.Benchmark)
  public static class Raw {
    OkHttpClient client;
    Request request;
    /** The exchange as a supplier, built once so that no stack pays for a capturing lambda. */
    Supplier<byte[]> exchange;

    /** Builds the client. */
    @Setup(Level.Trial)
    public void start() {
      client = Clients.rawOkHttp(new MemorySocketFactory());
      request = new Request.Builder().url("http://127.0.0.1:9/v1/item").build();
      exchange = () -> {
        try {
          return OverheadBenchmark.get(client, request);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      };
    }

    /** Closes the client. */
    @TearDown(Level.Trial)
    public void stop() {
      Clients.close(client);
    }
  }

  /** The SDK; its calls go over in-memory sockets, its health checks to a canned server. */
  @State(Scope.Benchmark)
  public static class Sdk extends OverheadBenchmark.Sdk {
    @Override
    SocketFactory calls() {
      return new MemorySocketFactory();
    }
  }

  /** Failsafe's policies with the SDK's settings, outer to inner as the SDK applies them. */
  @State(Scope.Benchmark)
  public static class FailsafeStack {
    FailsafeExecutor<byte[]> executor;
    Timer timer;
    CheckedSupplier<byte[]> exchange;

    /** Builds the stack. */
    @Setup(Level.Trial)
    public void start(Raw raw) {
      RateLimiter<byte[]> limiter = RateLimiter.<byte[]>burstyBuilder(Clients.RATE_PER_SECOND, Duration.ofSeconds(1))
          .build();
      Bulkhead<byte[]> bulkhead = Bulkhead.<byte[]>builder(Clients.BULKHEAD).build();
      CircuitBreaker<byte[]> breaker = CircuitBreaker.<byte[]>builder()
          .withFailureRateThreshold(Clients.BREAKER.failureRatePercent(), Clients.BREAKER.minimumCalls(),
              Clients.BREAKER.window())
          .withSuccessThreshold(Clients.BREAKER.halfOpenProbes())
          .withDelay(Clients.BREAKER.openDelay())
          .build();
      RetryPolicy<byte[]> retry = RetryPolicy.<byte[]>builder()
          .withMaxAttempts(Clients.RETRY.maxAttempts())
          .withMaxDuration(Clients.DEADLINE)
          .withBackoff(Clients.RETRY.initialBackoff(), Clients.RETRY.maxBackoff())
          .withJitter(Clients.RETRY.jitter())
          .build();
      executor = Failsafe.with(limiter, bulkhead, breaker, retry);
      timer = timer("failsafe");
      Supplier<byte[]> inner = raw.exchange;
      exchange = inner::get;
    }
  }

  /** Resilience4j's decorators with the SDK's settings, outer to inner as the SDK applies them. */
  @State(Scope.Benchmark)
  public static class Resilience4jStack {
    Supplier<byte[]> decorated;
    Timer timer;

    /** Builds the stack. */
    @Setup(Level.Trial)
    public void start(Raw raw) {
      io.github.resilience4j.ratelimiter.RateLimiter limiter = io.github.resilience4j.ratelimiter.RateLimiter.of("bench",
          RateLimiterConfig.custom()
              .limitForPeriod((int) Math.min(Integer.MAX_VALUE, Clients.RATE_PER_SECOND))
              .limitRefreshPeriod(Duration.ofSeconds(1))
              .timeoutDuration(Duration.ZERO)
              .build());
      io.github.resilience4j.bulkhead.Bulkhead bulkhead = io.github.resilience4j.bulkhead.Bulkhead.of("bench",
          BulkheadConfig.custom().maxConcurrentCalls(Clients.BULKHEAD).maxWaitDuration(Duration.ZERO).build());
      io.github.resilience4j.circuitbreaker.CircuitBreaker breaker =
          io.github.resilience4j.circuitbreaker.CircuitBreaker.of("bench", CircuitBreakerConfig.custom()
              .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.TIME_BASED)
              .slidingWindowSize((int) Clients.BREAKER.window().toSeconds())
              .minimumNumberOfCalls(Clients.BREAKER.minimumCalls())
              .failureRateThreshold(Clients.BREAKER.failureRatePercent())
              .waitDurationInOpenState(Clients.BREAKER.openDelay())
              .permittedNumberOfCallsInHalfOpenState(Clients.BREAKER.halfOpenProbes())
              .build());
      Retry retry = Retry.of("bench", RetryConfig.<byte[]>custom()
          .maxAttempts(Clients.RETRY.maxAttempts())
          .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(Clients.RETRY.initialBackoff(), 2.0,
              Clients.RETRY.jitter(), Clients.RETRY.maxBackoff()))
          .build());
      Supplier<byte[]> s = raw.exchange;
      s = Retry.decorateSupplier(retry, s);
      s = io.github.resilience4j.circuitbreaker.CircuitBreaker.decorateSupplier(breaker, s);
      s = io.github.resilience4j.bulkhead.Bulkhead.decorateSupplier(bulkhead, s);
      decorated = io.github.resilience4j.ratelimiter.RateLimiter.decorateSupplier(limiter, s);
      timer = timer("resilience4j");
    }
  }

  /** A timer like the SDK's call timer: one registered meter, tags known up front. */
  private static Timer timer(String stack) {
    return Timer.builder("bench.calls")
        .tags("stack", stack, "intent", "read", "outcome", "success")
        .register(new SimpleMeterRegistry());
  }

  /**
   * The exchange alone.
   *
   * @param raw the client
   * @return the body
   */
  @Benchmark
  public byte[] rawOkHttp(Raw raw) {
    return raw.exchange.get();
  }

  /**
   * The SDK.
   *
   * @param sdk the client
   * @return the body
   */
  @Benchmark
  public byte[] sdkClient(Sdk sdk) {
    return sdk.client.call(Intent.READ, sdk.request).body();
  }

  /**
   * Failsafe's decorators and a timer.
   *
   * @param stack the decorators
   * @return the body
   */
  @Benchmark
  public byte[] failsafe(FailsafeStack stack) {
    long t0 = System.nanoTime();
    byte[] body = stack.executor.get(stack.exchange);
    stack.timer.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
    return body;
  }

  /**
   * Resilience4j's decorators and a timer.
   *
   * @param stack the decorators
   * @return the body
   */
  @Benchmark
  public byte[] resilience4j(Resilience4jStack stack) {
    long t0 = System.nanoTime();
    byte[] body = stack.decorated.get();
    stack.timer.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
    return body;
  }
}
