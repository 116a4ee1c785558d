package dev.microevent.commerce.shield.internal;

import dev.microevent.commerce.shield.ShieldStore;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The default shield store: buckets and single-use marks in this process. Expired marks are
 * dropped as new ones arrive, and buckets that have refilled are forgotten, so memory stays bounded by
 * recent activity. Thread-safe (one lock: takes are short).
 */
public final class InMemoryShieldStore implements ShieldStore {
  private final Map<String, TokenBucket> buckets = new HashMap<>();
  private final Map<String, Instant> marks = new HashMap<>();
  private long operations;

  /** Creates an empty store; use {@link ShieldStore#inMemory()}. */
  public InMemoryShieldStore() {}

  @Override
  public synchronized Take take(List<Bucket> wanted, Instant now) {
    Objects.requireNonNull(wanted, "buckets");
    long nowMillis = now.toEpochMilli();
    TokenBucket[] state = new TokenBucket[wanted.size()];
    int denied = -1;
    long wait = 0;
    for (int i = 0; i < state.length; i++) {
      Bucket b = wanted.get(i);
      state[i] = buckets.computeIfAbsent(b.key(), k -> new TokenBucket(b.rule(), nowMillis));
      state[i].refill(b.rule(), nowMillis);
      if (denied < 0 && state[i].tokens < 1) {
        denied = i;
        wait = state[i].millisUntilToken();
      }
    }
    if (denied < 0) {
      for (TokenBucket s : state) {
        s.tokens -= 1;
      }
    }
    if (++operations % 10_000 == 0) {
      forgetFull(nowMillis);
    }
    return new Take(denied < 0, denied, Duration.ofMillis(wait));
  }

  /** Drops buckets that have refilled completely: a new bucket would be the same. */
  private void forgetFull(long nowMillis) {
    buckets.values().removeIf(b -> b.fullAt(nowMillis));
  }

  @Override
  public synchronized boolean claimOnce(String id, Instant keepUntil, Instant now) {
    Objects.requireNonNull(id, "id");
    if (marks.size() > 1024) {
      for (Iterator<Instant> it = marks.values().iterator(); it.hasNext(); ) {
        if (it.next().isBefore(now)) {
          it.remove();
        }
      }
    }
    Instant held = marks.get(id);
    if (held != null && !held.isBefore(now)) {
      return false;
    }
    marks.put(id, keepUntil);
    return true;
  }

  @Override
  public void close() {}
}
