package dev.microevent.plane.internal;

import dev.microevent.plane.internal.Records.DecisionRecord;
import dev.microevent.plane.internal.Records.ForwardRecord;
import dev.microevent.plane.internal.Records.GatewayBeat;
import dev.microevent.plane.internal.Records.PlaneBeat;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One plane's state in its own memory: lost when the plane stops, and bounded (the oldest of more
 * than {@value #MAX_ENTRIES} decisions or keyed forwards are forgotten). Thread-safe (one lock).
 */
public final class MemoryStore implements StateStore {
  /** Most decisions, decision keys and keyed forwards kept. */
  static final int MAX_ENTRIES = 100_000;

  private final Map<String, GatewayBeat> gateways = new LinkedHashMap<>();
  private final Map<String, PlaneBeat> planes = new LinkedHashMap<>();
  private final Map<String, SignedDocument> documents = new HashMap<>();
  private final List<SignedDocument> handovers = new ArrayList<>();
  private final Map<String, List<byte[]>> logs = new HashMap<>();
  private final Map<String, DecisionRecord> decisions = bounded();
  private final Map<String, String> decisionKeys = bounded();
  private final ArrayDeque<String> recent = new ArrayDeque<>();
  private final Map<RecordKey, ForwardRecord> records = bounded();
  private final LinkedHashMap<String, byte[]> runs = new LinkedHashMap<>();

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
    if (runs.containsKey(id)) {
      runs.put(id, run.clone());
      return;
    }
    runs.put(id, run.clone());
    if (runs.size() > RECENT_RUNS) {
      runs.remove(runs.keySet().iterator().next());
    }
  }

  @Override
  public synchronized List<byte[]> runs(int limit) {
    List<byte[]> all = new ArrayList<>(runs.values());
    java.util.Collections.reverse(all);
    return List.copyOf(all.subList(0, Math.max(0, Math.min(limit, all.size()))));
  }

  @Override
  public synchronized Optional<byte[]> run(String id) {
    return Optional.ofNullable(runs.get(id)).map(byte[]::clone);
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
