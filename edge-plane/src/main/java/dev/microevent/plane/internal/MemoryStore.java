package dev.microevent.plane.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.microevent.core.time.Ticker;
import dev.microevent.plane.internal.Records.DecisionRecord;
import dev.microevent.plane.internal.Records.ForwardRecord;
import dev.microevent.plane.internal.Records.GatewayBeat;
import dev.microevent.plane.internal.Records.PlaneBeat;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * One plane's state in its own memory: lost when the plane stops, and bounded (the oldest of more
 * than {@value #MAX_ENTRIES} decisions or keyed forwards are forgotten). Claims lapse on the
 * store's ticker. Thread-safe (one lock).
 */
public final class MemoryStore implements StateStore {
  /** Most decisions, decision keys and keyed forwards kept. */
  static final int MAX_ENTRIES = 100_000;
  /** Most claims held at once, besides the leases of listed runs (at most {@link #MAX_LEASED_RUNS} more). */
  static final int MAX_CLAIMS = 10_000;

  private final Map<String, GatewayBeat> gateways = new LinkedHashMap<>();
  private final Map<String, PlaneBeat> planes = new LinkedHashMap<>();
  private final Map<String, SignedDocument> documents = new HashMap<>();
  private final List<SignedDocument> handovers = new ArrayList<>();
  private final Map<String, List<byte[]>> logs = new HashMap<>();
  private final Map<String, DecisionRecord> decisions = bounded();
  private final Map<String, String> decisionKeys = bounded();
  private final ArrayDeque<String> recent = new ArrayDeque<>();
  private final Map<RecordKey, ForwardRecord> records = bounded();
  private final Recent runs = new Recent(RECENT_RUNS);
  private final Recent alerts = new Recent(RECENT_ALERTS);
  private final Map<String, Claim> claims = new HashMap<>();
  private final Map<String, String> leasedRuns = new LinkedHashMap<>();
  private final Ticker ticker;

  /** A store whose claims lapse on the system's monotonic clock. */
  public MemoryStore() {
    this(Ticker.system());
  }

  /**
   * A store whose claims lapse on a ticker.
   *
   * @param ticker e.g. a test's virtual time
   */
  MemoryStore(Ticker ticker) {
    this.ticker = ticker;
  }

  /** A claim's holder and when (on the ticker) it lapses. */
  private record Claim(String holder, long lapsesAtNanos) {}

  /**
   * Records by id, kept in the order of their first recording; recording a known id replaces it in
   * place, and the oldest beyond the cap are forgotten.
   */
  private static final class Recent {
    private final LinkedHashMap<String, byte[]> byId = new LinkedHashMap<>();
    private final int cap;

    Recent(int cap) {
      this.cap = cap;
    }

    void put(String id, byte[] value) {
      boolean known = byId.containsKey(id);
      byId.put(id, value.clone());
      if (!known && byId.size() > cap) {
        byId.remove(byId.keySet().iterator().next());
      }
    }

    List<byte[]> newest(int limit) {
      List<byte[]> all = new ArrayList<>(byId.values());
      java.util.Collections.reverse(all);
      return all.subList(0, Math.max(0, Math.min(limit, all.size()))).stream().map(byte[]::clone).toList();
    }

    Optional<byte[]> get(String id) {
      return Optional.ofNullable(byId.get(id)).map(byte[]::clone);
    }
  }

  /** Where a keyed forward is kept: its client (null: the unscoped space) and its key. */
  private record RecordKey(@Nullable String client, String key) {}

  private static <K, V> Map<K, V> bounded() {
    return new LinkedHashMap<>() {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > MAX_ENTRIES;
      }
    };
  }

  @Override
  public synchronized boolean recordHeartbeat(GatewayBeat beat) {
    if (!gateways.containsKey(beat.instanceId()) && gateways.size() >= MAX_GATEWAYS) {
      return false;
    }
    gateways.put(beat.instanceId(), beat);
    return true;
  }

  @Override
  public synchronized List<GatewayBeat> gateways() {
    return List.copyOf(gateways.values());
  }

  @Override
  public synchronized void announcePlane(PlaneBeat beat) {
    planes.put(beat.planeId(), beat);
  }

  @Override
  public synchronized List<PlaneBeat> planes() {
    return List.copyOf(planes.values());
  }

  @Override
  public synchronized Optional<SignedDocument> document(String kind, String scope) {
    return Optional.ofNullable(documents.get(slot(kind, scope)));
  }

  private static String slot(String kind, String scope) {
    return scope.isEmpty() ? kind : kind + "\n" + scope;
  }

  @Override
  public synchronized boolean publish(String scope, SignedDocument document, byte @Nullable [] logEntry) {
    String slot = slot(document.kind(), scope);
    SignedDocument current = documents.get(slot);
    long next = current == null ? 1 : current.sequence() + 1;
    if (document.sequence() != next) {
      return false;
    }
    documents.put(slot, document);
    if (logEntry != null) {
      logs.computeIfAbsent(slot, k -> new ArrayList<>()).add(logEntry.clone());
    }
    return true;
  }

  @Override
  public synchronized List<byte[]> log(String kind, String scope, long after, long upTo) {
    List<byte[]> all = logs.getOrDefault(slot(kind, scope), List.of());
    int from = (int) Math.min(all.size(), Math.max(0, after));
    int to = (int) Math.min(all.size(), Math.max(from, upTo));
    return List.copyOf(all.subList(from, to));
  }

  @Override
  public synchronized List<SignedDocument> handovers() {
    return List.copyOf(handovers);
  }

  @Override
  public synchronized boolean appendHandover(SignedDocument handover) {
    if (handover.sequence() != handovers.size() + 1) {
      return false;
    }
    handovers.add(handover);
    return true;
  }

  @Override
  public synchronized DecisionRecord logDecision(DecisionRecord decision) {
    String key = decision.idempotencyKey();
    if (key != null) {
      String earlier = decisionKeys.get(key);
      DecisionRecord known = earlier == null ? null : decisions.get(earlier);
      if (known != null) {
        return known;
      }
      decisionKeys.put(key, decision.id());
    }
    decisions.put(decision.id(), decision);
    recent.addFirst(decision.id());
    if (recent.size() > RECENT_DECISIONS) {
      recent.removeLast();
    }
    return decision;
  }

  @Override
  public synchronized Optional<DecisionRecord> decision(String id) {
    return Optional.ofNullable(decisions.get(id));
  }

  @Override
  public synchronized Optional<DecisionRecord> decisionByKey(String idempotencyKey) {
    String id = decisionKeys.get(idempotencyKey);
    return id == null ? Optional.empty() : Optional.ofNullable(decisions.get(id));
  }

  @Override
  public synchronized List<DecisionRecord> recentDecisions(int limit) {
    List<DecisionRecord> out = new ArrayList<>();
    for (String id : recent) {
      if (out.size() >= Math.min(limit, RECENT_DECISIONS)) {
        break;
      }
      DecisionRecord d = decisions.get(id);
      if (d != null) {
        out.add(d);
      }
    }
    return out;
  }

  @Override
  public synchronized Optional<ForwardRecord> record(@Nullable String client, String key) {
    return Optional.ofNullable(records.get(new RecordKey(client, key)));
  }

  @Override
  public synchronized ForwardRecord recordIfAbsent(ForwardRecord record) {
    ForwardRecord earlier = records.putIfAbsent(new RecordKey(record.client(), record.key()), record);
    return earlier == null ? record : earlier;
  }

  @Override
  public synchronized void recordRun(String id, byte[] run) {
    runs.put(id, run);
  }

  @Override
  public synchronized List<byte[]> runs(int limit) {
    return runs.newest(limit);
  }

  @Override
  public synchronized Map<String, byte[]> runs(Collection<String> ids) {
    Map<String, byte[]> out = new LinkedHashMap<>();
    ids.forEach(id -> runs.get(id).ifPresent(r -> out.put(id, r)));
    return out;
  }

  @Override
  public synchronized Optional<byte[]> run(String id) {
    return runs.get(id);
  }

  @Override
  public synchronized void recordAlert(String id, ObjectNode alert) {
    alerts.put(id, PlaneJson.write(alert));
  }

  @Override
  public synchronized List<ObjectNode> alerts(int limit) {
    return alerts.newest(Math.min(limit, RECENT_ALERTS)).stream().map(b -> PlaneJson.readStored(b, "a stored alert"))
        .toList();
  }

  @Override
  public synchronized Optional<ObjectNode> alert(String id) {
    return alerts.get(id).map(b -> PlaneJson.readStored(b, "a stored alert"));
  }

  @Override
  public synchronized Optional<String> claim(String key, String holder, Duration ttl) {
    long now = ticker.read();
    Claim held = claims.get(key);
    if (held != null && held.lapsesAtNanos() - now > 0) {
      return Optional.of(held.holder());
    }
    if (held == null) {
      makeRoom(now);
    }
    claims.put(key, new Claim(holder, lapsesAt(now, ttl)));
    return Optional.empty();
  }

  /** Makes room for one more claim (the lapsed ones are forgotten at the cap), or refuses it. */
  private void makeRoom(long now) {
    if (claims.size() >= MAX_CLAIMS) {
      claims.values().removeIf(c -> c.lapsesAtNanos() - now <= 0);
    }
    if (claims.size() >= MAX_CLAIMS) {
      throw new StoreException("the plane holds " + MAX_CLAIMS + " claims; none more until some lapse", null);
    }
  }

  private static long lapsesAt(long now, Duration ttl) {
    return now + TimeUnit.MILLISECONDS.toNanos(StateStore.claimMillis(ttl));
  }

  @Override
  public synchronized void release(String key, String holder) {
    Claim held = claims.get(key);
    if (held != null && held.holder().equals(holder)) {
      claims.remove(key);
    }
  }

  /**
   * {@inheritDoc} A listed run's lease is renewed whatever the claims cap: it is bounded by {@link
   * #MAX_LEASED_RUNS} instead, as in Redis (only a new lease is a new claim), and a refused lease
   * leaves every lease as it was.
   */
  @Override
  public synchronized boolean leaseRun(String runId, String holder, Duration ttl) {
    String key = "run:" + runId;
    long now = ticker.read();
    Claim held = claims.get(key);
    if (held != null && held.lapsesAtNanos() - now > 0 && !held.holder().equals(holder)) {
      return false;
    }
    boolean listed = leasedRuns.containsKey(runId);
    if (!listed && leasedRuns.size() >= MAX_LEASED_RUNS) {
      throw new StoreException("the plane leases " + MAX_LEASED_RUNS + " runs; none more until some end", null);
    }
    if (!listed && held == null) {
      makeRoom(now);
    }
    claims.put(key, new Claim(holder, lapsesAt(now, ttl)));
    leasedRuns.put(runId, holder);
    return true;
  }

  @Override
  public synchronized Map<String, String> lapsedRuns() {
    long now = ticker.read();
    Map<String, String> out = new LinkedHashMap<>();
    leasedRuns.forEach((id, holder) -> {
      Claim held = claims.get("run:" + id);
      if (held == null || held.lapsesAtNanos() - now <= 0) {
        out.put(id, holder);
      }
    });
    return out;
  }

  @Override
  public synchronized void endRunLease(String runId, String holder) {
    String key = "run:" + runId;
    Claim held = claims.get(key);
    if (held == null || held.lapsesAtNanos() - ticker.read() <= 0 || held.holder().equals(holder)) {
      claims.remove(key);
      leasedRuns.remove(runId);
    }
  }

  @Override
  public String describe() {
    return "memory";
  }

  @Override
  public void close() {
    // Nothing to release.
  }
}
