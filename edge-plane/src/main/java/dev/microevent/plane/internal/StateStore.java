package dev.microevent.plane.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.microevent.plane.internal.Records.DecisionRecord;
import dev.microevent.plane.internal.Records.ForwardRecord;
import dev.microevent.plane.internal.Records.GatewayBeat;
import dev.microevent.plane.internal.Records.PlaneBeat;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where a plane keeps what must outlive it: gateways' heartbeats, the venue's planes, signed
 * documents, the key hand-over chain, decisions and keyed forwards. One plane keeps it in memory;
 * several planes of one venue share one Redis, so any of them can die without losing anything it
 * acknowledged (it writes before it answers). The planes' alerts and the runbooks they start live
 * here too, with the claims that make one runbook start once for the venue and the leases by which
 * a surviving plane finds a run whose plane died. Implementations are thread-safe and throw {@link
 * StoreException} when the store cannot be reached.
 */
public interface StateStore extends AutoCloseable {
  /** Most gateways a venue tracks; heartbeats from further new instance ids are refused. */
  int MAX_GATEWAYS = 10_000;
  /** Most recent decisions listed. */
  int RECENT_DECISIONS = 1_000;
  /** Most playbook runs kept (the oldest are forgotten). */
  int RECENT_RUNS = 1_000;
  /** Most alerts kept (the oldest are forgotten). */
  int RECENT_ALERTS = 100;
  /** Longest a claim holds; a longer one asked for holds this long. */
  Duration LONGEST_CLAIM = Duration.ofDays(30);
  /** Most runs listed as leased at once; a lease beyond them is refused with a {@link StoreException}. */
  int MAX_LEASED_RUNS = 1_000;

  /**
   * How long a claim asked to hold {@code ttl} holds.
   *
   * @param ttl as asked
   * @return milliseconds, from 1 to {@link #LONGEST_CLAIM}'s
   */
  static long claimMillis(Duration ttl) {
    return Math.max(1, (ttl.compareTo(LONGEST_CLAIM) > 0 ? LONGEST_CLAIM : ttl).toMillis());
  }

  /**
   * Records a gateway's heartbeat.
   *
   * @param beat the heartbeat
   * @return false if the gateway is new and {@link #MAX_GATEWAYS} are already tracked
   */
  boolean recordHeartbeat(GatewayBeat beat);

  /**
   * Every tracked gateway's latest heartbeat.
   *
   * @return the heartbeats
   */
  List<GatewayBeat> gateways();

  /**
   * Announces a plane.
   *
   * @param beat its announcement
   */
  void announcePlane(PlaneBeat beat);

  /**
   * The venue's planes as they last announced themselves.
   *
   * @return the announcements
   */
  List<PlaneBeat> planes();

  /**
   * The current document of a kind.
   *
   * @param kind e.g. {@link SignedDocument#CONFIG}
   * @return it, if one was published
   */
  default Optional<SignedDocument> document(String kind) {
    return document(kind, "");
  }

  /**
   * The current document of a kind in a scope (an event's ticket documents each have their own
   * sequence).
   *
   * @param kind e.g. {@link SignedDocument#TICKET_KEYS}
   * @param scope e.g. the event id; empty for the venue's one document of the kind
   * @return it, if one was published
   */
  Optional<SignedDocument> document(String kind, String scope);

  /**
   * Publishes a document if it is the next in its kind's sequence (compare and set).
   *
   * @param document the signed document
   * @return false if its sequence is not the current one plus one (another plane published first)
   */
  default boolean publish(SignedDocument document) {
    return publish("", document, null);
  }

  /**
   * Publishes a document of a scope if it is the next in its sequence and, in the same atomic step,
   * appends an entry to the scope's log (entry {@code n} belongs to sequence {@code n + 1}: what
   * changed from the previous document, from which deltas are made).
   *
   * @param scope e.g. the event id; empty for the venue's one document of the kind
   * @param document the signed document
   * @param logEntry what changed, or null to log nothing (then log nothing for this scope ever)
   * @return false if its sequence is not the current one plus one (another plane published first)
   */
  boolean publish(String scope, SignedDocument document, byte @Nullable [] logEntry);

  /**
   * The log entries of a kind's documents in a scope for the sequences {@code after + 1} to {@code
   * upTo}.
   *
   * @param kind the kind
   * @param scope the scope
   * @param after the sequence held (0 for all)
   * @param upTo the last sequence wanted
   * @return the entries, oldest first (fewer if the log is shorter)
   */
  List<byte[]> log(String kind, String scope, long after, long upTo);

  /**
   * The key hand-over chain, oldest first.
   *
   * @return the hand-overs
   */
  List<SignedDocument> handovers();

  /**
   * Appends a hand-over if it is the next in the chain.
   *
   * @param handover the signed hand-over, whose sequence is its place in the chain (from 1)
   * @return false if another hand-over took that place
   */
  boolean appendHandover(SignedDocument handover);

  /**
   * Logs a decision, unless one was already logged under its idempotency key.
   *
   * @param decision the decision
   * @return the decision logged under the key (the given one, or the earlier one)
   */
  DecisionRecord logDecision(DecisionRecord decision);

  /**
   * A logged decision.
   *
   * @param id its id
   * @return it, if logged
   */
  Optional<DecisionRecord> decision(String id);

  /**
   * A logged decision by the idempotency key it was asked with.
   *
   * @param idempotencyKey the key
   * @return it, if logged
   */
  Optional<DecisionRecord> decisionByKey(String idempotencyKey);

  /**
   * The most recent decisions, newest first.
   *
   * @param limit at most this many (capped at {@link #RECENT_DECISIONS})
   * @return the decisions
   */
  List<DecisionRecord> recentDecisions(int limit);

  /**
   * A keyed forward's record, within a client's key scope.
   *
   * @param client the client the key belongs to, or null for the unscoped space of calls without one
   * @param key the idempotency key
   * @return it, if recorded under that client and key
   */
  Optional<ForwardRecord> record(@Nullable String client, String key);

  /**
   * Records a keyed forward unless one is recorded under its client and key.
   *
   * @param record the record
   * @return the record kept under its client and key (the given one, or the earlier one)
   */
  ForwardRecord recordIfAbsent(ForwardRecord record);

  /**
   * Records a playbook run (or a rollback), newest first; the record is the run's JSON document
   * with a string member {@code id}. A record with the id of an earlier one replaces it in place.
   *
   * @param id the run's id
   * @param run its JSON
   */
  void recordRun(String id, byte[] run);

  /**
   * The most recent playbook runs, newest first.
   *
   * @param limit at most this many (capped at {@link #RECENT_RUNS})
   * @return their JSON documents
   */
  List<byte[]> runs(int limit);

  /**
   * Playbook runs by id, in one read (how a listing of many alerts finds their runs).
   *
   * @param ids the runs' ids
   * @return the JSON document of each run kept, by id (the ids of runs not kept are left out)
   */
  Map<String, byte[]> runs(Collection<String> ids);

  /**
   * One playbook run.
   *
   * @param id its id
   * @return its JSON document, if kept
   */
  Optional<byte[]> run(String id);

  /**
   * Records an alert one of the venue's planes raised, newest first; the record is the alert's JSON
   * object with a string member {@code id}. A record with the id of an earlier one replaces it in
   * place.
   *
   * @param id the alert's id
   * @param alert its JSON object
   */
  void recordAlert(String id, ObjectNode alert);

  /**
   * The most recent alerts of the venue's planes, newest first.
   *
   * @param limit at most this many (capped at {@link #RECENT_ALERTS})
   * @return their JSON objects
   * @throws StoreException also if a stored alert is not a JSON object
   */
  List<ObjectNode> alerts(int limit);

  /**
   * One alert.
   *
   * @param id its id
   * @return its JSON object, if kept
   * @throws StoreException also if the stored alert is not a JSON object
   */
  Optional<ObjectNode> alert(String id);

  /**
   * Claims a key for a holder unless someone holds it, in one atomic step for all the venue's
   * planes (how a runbook that two planes' alerts trigger starts once). The claim lapses after
   * {@code ttl}, so a plane that dies holding it blocks no one for longer.
   *
   * @param key what is claimed, e.g. {@code runbook:live-commerce:read:PAGE}
   * @param holder who claims it (kept as the claim's value)
   * @param ttl how long the claim holds (see {@link #claimMillis})
   * @return empty if the claim is now the holder's; else who holds it
   */
  Optional<String> claim(String key, String holder, Duration ttl);

  /**
   * Gives up a claim, if the holder still holds it (a claim that lapsed and was taken by another is
   * left to it).
   *
   * @param key what was claimed
   * @param holder who claimed it
   */
  void release(String key, String holder);

  /**
   * Leases a run in progress to the plane that runs it: takes the lease, or renews it if the holder
   * holds it or it lapsed with no one else holding it. The lease is the claim {@code run:<id>} (it
   * lapses after {@code ttl} as every claim does) and the run stays listed among the leased runs
   * until {@link #endRunLease}, so a surviving plane of the venue finds a run whose plane died
   * ({@link #lapsedRuns}).
   *
   * @param runId the run
   * @param holder the plane that answers for it
   * @param ttl how long the lease holds unless renewed
   * @return false if another holder holds it
   */
  boolean leaseRun(String runId, String holder, Duration ttl);

  /**
   * The leased runs whose lease lapsed: their plane stopped renewing it (it died, or lost the
   * store for longer than the lease).
   *
   * @return each run's id and the holder whose lease lapsed, at most {@link #MAX_LEASED_RUNS}
   */
  Map<String, String> lapsedRuns();

  /**
   * Ends a run's lease: the run is no longer listed. Done by the holder when the run's record is
   * final, or by whoever recorded a lapsed run; a lease another holder holds now is left to it.
   *
   * @param runId the run
   * @param holder who ends it
   */
  void endRunLease(String runId, String holder);

  /**
   * Where the state lives, for status output.
   *
   * @return e.g. {@code memory} or {@code redis://127.0.0.1:6379/0}
   */
  String describe();

  @Override
  void close();
}
