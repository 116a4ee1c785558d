package dev.microevent.core.spi;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A top-level section of the plane's config document that a module owns, e.g. sdk-commerce's
 * {@code cache}. Registered with {@link ModuleContext#addConfigSection}; from then on the section
 * is validated in the same all-or-nothing pass as the core's own sections: one problem in it
 * rejects the whole document, and the client keeps running on the one it has.
 *
 * <pre>{@code
 * record CacheSection(double localReadTarget) {}
 *
 * context.addConfigSection(new ConfigSection<CacheSection>() {
 *   public String name() { return "cache"; }
 *   public CacheSection parse(byte[] json, Problems problems) {
 *     CacheSection s = context.runtime().json().read(json, CacheSection.class);
 *     if (s.localReadTarget() < 0 || s.localReadTarget() > 1) {
 *       problems.report("localReadTarget", "a share between 0 and 1");
 *     }
 *     return s;
 *   }
 *   public void apply(@Nullable CacheSection s) {
 *     cache.localReadTarget(s == null ? builderTarget : s.localReadTarget());
 *   }
 * });
 * }</pre>
 *
 * <p>Implementations are called from whichever thread syncs the document (the client's scheduler,
 * an app thread calling {@code config().syncNow()}, the thread building the client when it restores
 * its saved document, the thread registering the section), one call at a time per client; they must
 * not block.
 *
 * @param <T> what the section is read into
 */
public interface ConfigSection<T> {
  /** What a section's {@link #name()} must look like: a JSON member name the core does not own. */
  Pattern NAME = Pattern.compile("[a-z][a-zA-Z0-9]{0,31}");

  /**
   * The document's top-level member this section reads, e.g. {@code cache}: matches {@link #NAME}
   * and is none of the core's own sections (those {@code docs/edge-plane-api.yaml}'s {@code
   * ConfigDocument} lists for the core, e.g. {@code policies}).
   *
   * @return the member's name
   */
  String name();

  /**
   * Reads and checks the section. Reports every problem found rather than stopping at the first;
   * a returned value is used only when nothing was reported. Never called with a document other
   * than one about to be applied or just applied.
   *
   * @param json the member's value, as JSON (an object, array or scalar as the plane sent it)
   * @param problems where to report what is wrong
   * @return the section's value; may be null only when a problem was reported
   * @throws RuntimeException anything thrown counts as one problem with the exception's message
   */
  @Nullable T parse(byte[] json, Problems problems);

  /**
   * Puts a validated section into effect. Called after the whole document was accepted, with
   * null when the document has no such member: the module goes back to what its builder set.
   * What it throws is logged and the rest of the document stays applied.
   *
   * @param value the section's value, or null when the document does not carry it
   */
  void apply(@Nullable T value);

  /** Where {@link #parse} reports problems. */
  @FunctionalInterface
  interface Problems {
    /**
     * One problem.
     *
     * @param member the member's path inside the section, e.g. {@code localReadTarget} or {@code
     *     checkout.intents[0]}; empty for the section as a whole
     * @param what what is wrong, e.g. "a share between 0 and 1"
     */
    void report(String member, String what);
  }
}
