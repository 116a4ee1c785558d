package dev.microevent.commerce;

import java.util.List;

/**
 * Catalogue and inventory reads, answered from the local read cache when {@code Cache-Control}
 * allows (see {@link ReadCache}), otherwise from the edge (failing over to central) with
 * {@link dev.microevent.core.Intent#READ}. Reached through {@link CommerceClient#catalog()}.
 *
 * <p>Thread-safe.
 */
public interface Catalog {

  /**
   * One product.
   *
   * @param sku the product
   * @return it
   * @throws dev.microevent.core.HttpServiceException 404 if there is no such product
   * @throws dev.microevent.core.SdkException if no answer could be had and nothing usable is cached
   */
  Product product(Sku sku);

  /**
   * The whole catalogue.
   *
   * @return every product
   */
  List<Product> products();

  /**
   * The products of one drop.
   *
   * @param drop the drop
   * @return its products
   */
  List<Product> products(DropId drop);

  /**
   * Units left of a product. Pushed {@link InventoryUpdate}s keep the cached copy current.
   *
   * @param sku the product
   * @return its stock
   */
  Inventory inventory(Sku sku);
}
