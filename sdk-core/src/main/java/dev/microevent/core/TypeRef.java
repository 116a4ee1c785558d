package dev.microevent.core;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

/**
 * Captures a generic type for JSON mapping, e.g. {@code new TypeRef<List<Item>>() {}}.
 *
 * @param <T> the captured type
 */
public abstract class TypeRef<T> {
  private final Type type;

  /** Captures the type argument of the anonymous subclass. */
  protected TypeRef() {
    Type superclass = getClass().getGenericSuperclass();
    if (!(superclass instanceof ParameterizedType parameterized)) {
      throw new IllegalStateException("create TypeRef as an anonymous subclass: new TypeRef<X>() {}");
    }
    this.type = parameterized.getActualTypeArguments()[0];
  }

  /** {@return the captured type} */
  public final Type type() {
    return type;
  }
}
