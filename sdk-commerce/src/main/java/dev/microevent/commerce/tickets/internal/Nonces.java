package dev.microevent.commerce.tickets.internal;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Each scan's nonce: a random prefix drawn when the ledger opens (so two gates, or one gate
 * before and after a restart, never share one) and a counter. Unique, not secret; cheap enough
 * for every scan. Thread-safe.
 */
final class Nonces {
  private static final char[] ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();
  private final String prefix;
  private final AtomicLong counter = new AtomicLong();

  Nonces() {
    SecureRandom random = new SecureRandom();
    char[] p = new char[16];
    for (int i = 0; i < p.length; i++) {
      p[i] = ALPHABET[random.nextInt(ALPHABET.length)];
    }
    prefix = new String(p) + "-";
  }

  String next() {
    return prefix + Long.toString(counter.incrementAndGet(), 36);
  }
}
