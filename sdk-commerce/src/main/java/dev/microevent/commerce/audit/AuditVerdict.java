package dev.microevent.commerce.audit;

import java.util.Objects;

/**
 * What an {@link AuditVerifier} concluded: valid or not, and one sentence saying why (which check
 * failed, or what was proven). Immutable and thread-safe.
 *
 * @param valid whether everything checked out
 * @param detail one sentence for the auditor's report; never key material
 */
public record AuditVerdict(boolean valid, String detail) {

  /**
   * Validates the parts.
   *
   * @param valid whether everything checked out
   * @param detail one sentence for the auditor's report; never key material
   */
  public AuditVerdict {
    Objects.requireNonNull(detail, "detail");
  }

  static AuditVerdict ok(String detail) {
    return new AuditVerdict(true, detail);
  }

  static AuditVerdict invalid(String detail) {
    return new AuditVerdict(false, detail);
  }
}
