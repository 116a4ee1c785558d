package dev.microevent.testkit;

import dev.microevent.core.EdgeRequest;
import dev.microevent.core.EdgeResponse;
import dev.microevent.core.Intent;
import dev.microevent.core.IntentPolicy;
import dev.microevent.core.MicroEventClient;
import dev.microevent.core.PlaneStatus;
import dev.microevent.core.ServiceModes;
import dev.microevent.core.TypeRef;
import dev.microevent.core.budget.ErrorBudgets;
import dev.microevent.core.config.ConfigSync;
import dev.microevent.core.oracle.HybridOracle;
import dev.microevent.core.spi.ModuleRuntime;
import java.util.List;
import java.util.Objects;

/**
 * A {@link MicroEventClient} that hands every method to another one, as an app's decorator would
 * (a tracing or auditing wrapper). Override what you want to change; everything else, the
 * {@link #runtime()} included, goes to the delegate, so every SDK module works with the wrapper.
 * Tests use it to prove that a module never casts the client it is given.
 *
 * <pre>{@code
 * MicroEventClient counting = new ForwardingMicroEventClient(core) {
 *   @Override
 *   public EdgeResponse call(Intent intent, EdgeRequest request) {
 *     calls.incrementAndGet();
 *     return super.call(intent, request);
 *   }
 * };
 * CommerceClient commerce = CommerceClient.builder().client(counting).build();
 * }</pre>
 *
 * <p>As thread-safe as the delegate and the overrides.
 */
public class ForwardingMicroEventClient implements MicroEventClient {
  private final MicroEventClient delegate;

  /**
   * Wraps a client.
   *
   * @param delegate the client every call goes to
   */
  public ForwardingMicroEventClient(MicroEventClient delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /**
   * The wrapped client.
   *
   * @return the client every call goes to
   */
  protected final MicroEventClient delegate() {
    return delegate;
  }

  @Override
  public EdgeResponse call(Intent intent, EdgeRequest request) {
    return delegate.call(intent, request);
  }

  @Override
  public <T> T get(Intent intent, String path, Class<T> type) {
    return delegate.get(intent, path, type);
  }

  @Override
  public <T> T get(Intent intent, String path, TypeRef<T> type) {
    return delegate.get(intent, path, type);
  }

  @Override
  public <T> T post(Intent intent, String path, Object body, Class<T> type) {
    return delegate.post(intent, path, body, type);
  }

  @Override
  public ErrorBudgets errorBudgets() {
    return delegate.errorBudgets();
  }

  @Override
  public ConfigSync config() {
    return delegate.config();
  }

  @Override
  public HybridOracle oracle() {
    return delegate.oracle();
  }

  @Override
  public ServiceModes modes() {
    return delegate.modes();
  }

  @Override
  public List<PlaneStatus> planes() {
    return delegate.planes();
  }

  @Override
  public IntentPolicy policy(Intent intent) {
    return delegate.policy(intent);
  }

  @Override
  public ModuleRuntime runtime() {
    return delegate.runtime();
  }

  /** Closes the delegate. */
  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "{" + delegate + "}";
  }
}
