package dev.microevent.commerce;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A product of the catalogue. Immutable and thread-safe.
 *
 * @param sku its id
 * @param name display name
 * @param price unit price
 * @param dropId the drop it belongs to, or {@code null}
 */
public record Product(Sku sku, String name, Money price, @Nullable DropId dropId) {

  /**
   * Checks the components.
   *
   * @param sku its id
   * @param name display name
   * @param price unit price
   * @param dropId the drop it belongs to, or {@code null}
   */
  public Product {
    Objects.requireNonNull(sku, "sku");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(price, "price");
  }

  /** {@return the drop it belongs to, if any} */
  public Optional<DropId> drop() {
    return Optional.ofNullable(dropId);
  }
}
