package dev.microevent.core.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.microevent.core.Criticality;
import dev.microevent.core.EdgeRequest;
import dev.microevent.core.EdgeResponse;
import dev.microevent.core.MicroEventClient;
import dev.microevent.core.SdkException;
import dev.microevent.core.oracle.Decision;
import dev.microevent.core.oracle.DecisionRequest;
import dev.microevent.core.oracle.DecisionStats;
import dev.microevent.core.oracle.HybridOracle;
import dev.microevent.core.oracle.LocalAnswer;
import dev.microevent.core.oracle.LocalModel;
import dev.microevent.core.time.Ticker;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hybrid oracle: cache, then the best local answer (config rules and the app's model), then
 * the cloud when local confidence is too low, the decision is remote-only or the intent is
 * CRITICAL. A cloud failure falls back to the best local answer, marked degraded. The cache is a
 * bounded Caffeine cache whose entries live as long as the cloud said (capped by the config),
 * timed by the client's ticker.
 */
final class OracleEngine implements HybridOracle {
  private static final Logger log = LoggerFactory.getLogger(OracleEngine.class);
  static final String PATH = "/edge/v1/decisions";

  private record Cached(String value, double confidence, long ttlNanos) {}

  record RemoteAnswer(@Nullable String value, @Nullable Double confidence, @Nullable Long ttlSeconds) {}

  private record Ask(String decision, Map<String, String> attributes) {}

  private final MicroEventClient client;
  private final Supplier<ActiveConfig.OracleSettings> settings;
  private final LocalModel model;
  private final ClientMeters meters;
  private final Cache<String, Cached> cache;
  private final ConcurrentMap<String, LongAdder[]> stats = new ConcurrentHashMap<>();

  OracleEngine(MicroEventClient client, Supplier<ActiveConfig.OracleSettings> settings, LocalModel model,
      Ticker ticker, int cacheSize, ClientMeters meters) {
    this.client = client;
    this.settings = settings;
    this.model = model;
    this.meters = meters;
    this.cache = Caffeine.newBuilder()
        .maximumSize(cacheSize)
        .ticker(ticker::read)
        .expireAfter(new Expiry<String, Cached>() {
          @Override
          public long expireAfterCreate(String key, Cached value, long currentTime) {
            return value.ttlNanos();
          }

          @Override
          public long expireAfterUpdate(String key, Cached value, long currentTime, long currentDuration) {
            return value.ttlNanos();
          }

          @Override
          public long expireAfterRead(String key, Cached value, long currentTime, long currentDuration) {
            return currentDuration;
          }
        })
        .executor(Runnable::run)
        .build();
  }

  @Override
  public Decision decide(DecisionRequest request) {
    ActiveConfig.OracleSettings s = settings.get();
    String name = request.decision();
    boolean mustAskCloud = request.intent().criticality() == Criticality.CRITICAL || s.remoteOnly().contains(name);
    if (!mustAskCloud) {
      Cached hit = cache.getIfPresent(request.key());
      if (hit != null) {
        return count(new Decision(name, hit.value(), hit.confidence(), Decision.Source.CACHE, false));
      }
    }
    Decision local = bestLocal(request, s);
    if (!mustAskCloud && local != null && local.confidence() >= s.confidenceThreshold()) {
      return count(local);
    }
    try {
      return count(remote(request, s));
    } catch (SdkException e) {
      if (local == null) {
        throw e;
      }
      log.debug("cloud unreachable for {}; answering locally (degraded): {}", name, e.getMessage());
      return count(new Decision(name, local.value(), local.confidence(), local.source(), true));
    }
  }

  private @Nullable Decision bestLocal(DecisionRequest request, ActiveConfig.OracleSettings s) {
    Decision best = null;
    for (ActiveConfig.Rule rule : s.rules()) {
      if (rule.decision().equals(request.decision()) && rule.matches(request.attributes())
          && (best == null || rule.confidence() > best.confidence())) {
        best = new Decision(request.decision(), rule.answer(), rule.confidence(), Decision.Source.RULE, false);
      }
    }
    Optional<LocalAnswer> fromModel;
    try {
      fromModel = model.answer(request);
    } catch (RuntimeException e) {
      log.warn("local model threw on {}; ignored", request.decision(), e);
      fromModel = Optional.empty();
    }
    if (fromModel.isPresent() && (best == null || fromModel.get().confidence() > best.confidence())) {
      best = new Decision(request.decision(), fromModel.get().value(), fromModel.get().confidence(),
          Decision.Source.MODEL, false);
    }
    return best;
  }

  private Decision remote(DecisionRequest request, ActiveConfig.OracleSettings s) {
    EdgeRequest call = EdgeRequest.builder("POST", PATH)
        .header("accept", "application/json")
        .body(Json.write(new Ask(request.decision(), new TreeMap<>(request.attributes()))), "application/json")
        .build();
    EdgeResponse response = client.call(request.intent(), call);
    RemoteAnswer answer = Json.read(response.body(), RemoteAnswer.class);
    String value = answer.value();
    if (value == null) {
      throw new dev.microevent.core.ResponseMappingException("decision answer has no 'value'", null);
    }
    double confidence = answer.confidence() == null ? 1 : Math.max(0, Math.min(1, answer.confidence()));
    long ttlSeconds = answer.ttlSeconds() == null ? 0 : Math.max(0, answer.ttlSeconds());
    Duration ttl = Duration.ofSeconds(ttlSeconds);
    if (ttl.compareTo(s.maxCacheTtl()) > 0) {
      ttl = s.maxCacheTtl();
    }
    if (!ttl.isZero()) {
      cache.put(request.key(), new Cached(value, confidence, ttl.toNanos()));
    }
    return new Decision(request.decision(), value, confidence, Decision.Source.REMOTE, false);
  }

  private Decision count(Decision d) {
    LongAdder[] c = stats.computeIfAbsent(d.decision(), k -> new LongAdder[] {new LongAdder(), new LongAdder(),
        new LongAdder()});
    int slot = d.degraded() ? 2 : d.local() ? 0 : 1;
    c[slot].increment();
    meters.count("microevent.oracle.answers", "source", d.source().name().toLowerCase(java.util.Locale.ROOT),
        "degraded", Boolean.toString(d.degraded()));
    return d;
  }

  @Override
  public Map<String, DecisionStats> stats() {
    Map<String, DecisionStats> out = new TreeMap<>();
    stats.forEach((k, c) -> out.put(k, new DecisionStats(c[0].sum(), c[1].sum(), c[2].sum())));
    return Map.copyOf(out);
  }
}
