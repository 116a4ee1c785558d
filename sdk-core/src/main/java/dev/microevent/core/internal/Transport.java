package dev.microevent.core.internal;

import dev.microevent.core.EdgeRequest;
import dev.microevent.core.Outcome;
import dev.microevent.core.Plane;
import dev.microevent.core.TraceContext;
import dev.microevent.core.spi.TransportBinding;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.random.RandomGenerator;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;

/**
 * The OkHttp side: one base client, and one derived client with its own connection pool per
 * transport binding (so two 5G slices never share a connection). OkHttp's own retries and
 * redirects are off: the SDK owns retries (so each attempt is counted once) and a redirect must
 * not escape the route choice.
 *
 * <p>One OkHttp follow-up cannot be switched off: on a 503 its {@code RetryAndFollowUpInterceptor}
 * reads {@code Retry-After} whatever {@code retryOnConnectionFailure} says, re-sends the request
 * unseen when it is {@code 0} and throws {@link NumberFormatException} when it is digits beyond an
 * {@code int}. A network interceptor (below that one) therefore hides a 503's {@code Retry-After}
 * under {@value #SHIELDED_RETRY_AFTER}, and an application interceptor (above it) puts it back,
 * so every client derived from {@link #base()} reads the header as sent and OkHttp never acts on
 * it. Interceptors a module adds to a derived client run inside that pair. The clients of the
 * call pipeline's attempts ({@link #clientFor}) leave out the application interceptor (each
 * interceptor costs every exchange a chain object): their responses are read only through {@link
 * #execute} and {@link #headers}, which read the shielded name as {@code retry-after}. Their
 * sockets have no read or write timeout: each attempt's call timeout bounds the whole exchange.
 */
public final class Transport implements AutoCloseable {
  /** Largest response body read, in bytes. */
  public static final long MAX_BODY = 16L * 1024 * 1024;
  /** Error bodies kept in exceptions, in bytes. */
  static final int MAX_ERROR_BODY = 64 * 1024;
  /** Where a 503's {@code Retry-After} waits while OkHttp's follow-up logic looks at the response. */
  static final String SHIELDED_RETRY_AFTER = "Microevent-Shielded-Retry-After";
  private static final String RETRY_AFTER = "Retry-After";

  private final OkHttpClient base;
  /** {@link #base} without the application interceptor that restores {@code Retry-After}: see the class comment. */
  private final OkHttpClient attempts;
  /** Idle connections each binding's pool keeps, and for how long. */
  private final int maxIdle;
  private final Duration keepAlive;
  private final ConcurrentMap<String, OkHttpClient> byBinding = new ConcurrentHashMap<>();
  private final ConcurrentMap<java.net.URI, HttpUrl> bases = new ConcurrentHashMap<>();
  /**
   * Parsed URLs of recent paths, per plane (planes are configured, so few): building an HttpUrl
   * canonicalizes the host each time. Keyed by the path alone, so a hit allocates nothing.
   */
  private final ConcurrentMap<Plane, Cache<String, HttpUrl>> urls = new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  Transport(OkHttpClient.Builder configured, int maxIdle, Duration keepAlive) {
    this.maxIdle = maxIdle;
    this.keepAlive = keepAlive;
    Interceptor restore = chain -> moveHeader(chain.proceed(chain.request()), SHIELDED_RETRY_AFTER, RETRY_AFTER);
    this.base = configured
        .addInterceptor(restore)
        .addNetworkInterceptor(chain -> {
          Response r = chain.proceed(chain.request());
          return r.code() == 503 ? moveHeader(r, RETRY_AFTER, SHIELDED_RETRY_AFTER) : r;
        })
        .retryOnConnectionFailure(false)
        .followRedirects(false)
        .followSslRedirects(false)
        .connectTimeout(Duration.ofSeconds(5))
        .readTimeout(Duration.ofSeconds(30))
        .writeTimeout(Duration.ofSeconds(30))
        .connectionPool(pool())
        .build();
    OkHttpClient.Builder attemptsBuilder = base.newBuilder();
    attemptsBuilder.interceptors().remove(restore);
    // Every attempt carries its own call timeout (CallPipeline sets it before the exchange), and
    // that bounds each of the attempt's reads and writes too, so its sockets need no timeout of
    // their own: a per-read timeout would be a second, looser bound that takes the lock of Okio's
    // JVM-wide timeout queue at every socket read and write. With 16 callers on 2 cores that lock
    // is contended, and dropping it took the SDK's throughput from 0.89x to 0.98x raw OkHttp's
    // (DecisionPathPairs --loopback --callers 16).
    attemptsBuilder.readTimeout(Duration.ZERO).writeTimeout(Duration.ZERO);
    this.attempts = attemptsBuilder.build(); // the same pool and dispatcher as base
    byBinding.put(TransportBinding.DEFAULT.name(), attempts);
    WatchdogAnchor.SHARED.clientOpened();
  }

  private ConnectionPool pool() {
    return new ConnectionPool(maxIdle, keepAlive.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The response with every {@code from} header renamed {@code to}, values as the server sent them. */
  private static Response moveHeader(Response response, String from, String to) {
    List<String> values = response.headers(from);
    if (values.isEmpty()) {
      return response;
    }
    Headers.Builder moved = response.headers().newBuilder().removeAll(from);
    // The server's bytes, unchecked: OkHttp already accepted them when it read the response.
    values.forEach(v -> moved.addUnsafeNonAscii(to, v));
    return response.newBuilder().headers(moved.build()).build();
  }

  /** {@return the base client (default network), for SDK modules that call non-plane services} */
  public OkHttpClient base() {
    return base;
  }

  /**
   * The client for a binding's attempts: its own pool, socket factory and proxy. A 503's {@code
   * Retry-After} stays under the shielded name in its responses: read them with {@link #execute}.
   * Its sockets have no read or write timeout: give every call made with it a call timeout.
   *
   * @param binding the binding
   * @return the client, created on first use
   */
  public OkHttpClient clientFor(TransportBinding binding) {
    OkHttpClient known = byBinding.get(binding.name()); // every attempt asks: no capturing lambda when known
    if (known != null) {
      return known;
    }
    return byBinding.computeIfAbsent(binding.name(), name -> {
      OkHttpClient.Builder b = attempts.newBuilder().connectionPool(pool());
      binding.socketFactory().ifPresent(b::socketFactory);
      binding.proxy().ifPresent(b::proxy);
      return b.build();
    });
  }

  HttpUrl url(Plane plane, String path) {
    Cache<String, HttpUrl> byPath = urls.get(plane);
    if (byPath == null) {
      byPath = urls.computeIfAbsent(plane,
          p -> Caffeine.newBuilder().maximumSize(1024).executor(Runnable::run).<String, HttpUrl>build());
    }
    HttpUrl known = byPath.getIfPresent(path);
    return known != null ? known : byPath.get(path, p -> parse(plane, p));
  }

  private HttpUrl parse(Plane plane, String path) {
    return resolve(bases.computeIfAbsent(plane.baseUri(), HttpUrl::get), path);
  }

  /** {@code path} (with its query) below {@code base}'s path. */
  private static HttpUrl resolve(HttpUrl base, String path) {
    String prefix = base.encodedPath().endsWith("/")
        ? base.encodedPath().substring(0, base.encodedPath().length() - 1)
        : base.encodedPath();
    int q = path.indexOf('?');
    HttpUrl.Builder b = base.newBuilder()
        .encodedPath(prefix + (q < 0 ? path : path.substring(0, q)))
        .encodedQuery(q < 0 ? null : path.substring(q + 1));
    return b.build();
  }

  /**
   * A request to a remote that is not a plane ({@link dev.microevent.core.spi.RemoteCalls}): the
   * path below {@code base}, the request's headers and body as given, no trace context and no
   * idempotency key of the client's own. Not cached: such paths carry ids.
   *
   * @throws IllegalArgumentException if {@code base} is not an absolute http(s) URI
   */
  Request remoteRequest(java.net.URI base, EdgeRequest req) {
    HttpUrl root = HttpUrl.parse(base.toString());
    if (root == null) {
      throw new IllegalArgumentException("base must be an absolute http or https URI, got " + base);
    }
    Request.Builder b = new Request.Builder().url(resolve(root, req.path()));
    req.headers().forEach((name, values) -> values.forEach(v -> b.addHeader(name, v)));
    return b.method(req.method(), body(req)).build();
  }

  /**
   * One attempt's request: the call's headers, its idempotency key if any, and the attempt's own
   * trace context, a child of the call's with a span id of its own (only its header is made).
   *
   * @param trace the call's trace context
   * @param random where the attempt's span id comes from
   */
  Request request(Plane plane, EdgeRequest req, @Nullable String idempotencyKey, TraceContext trace,
      RandomGenerator random) {
    HttpUrl url = url(plane, req.path());
    RequestBuilder reused = REQUEST_BUILDERS.get();
    if (reused.inUse) {
      return request(new RequestBuilder(), url, req, idempotencyKey, trace, random);
    }
    reused.inUse = true;
    try {
      return request(reused, url, req, idempotencyKey, trace, random);
    } finally {
      reused.inUse = false;
    }
  }

  private static Request request(RequestBuilder b, HttpUrl url, EdgeRequest req, @Nullable String idempotencyKey,
      TraceContext trace, RandomGenerator random) {
    b.start(url);
    if (!req.headers().isEmpty()) {
      req.headers().forEach((name, values) -> {
        // The incoming trace context was read into the call's context; each attempt sends its own.
        if (!name.equals("traceparent") && !name.equals("tracestate")) {
          values.forEach(v -> b.add(name, v));
        }
      });
    }
    // Added, not set: an EdgeRequest cannot carry an Idempotency-Key header, and the trace headers were skipped above.
    if (idempotencyKey != null) {
      b.add(EdgeRequest.IDEMPOTENCY_KEY_HEADER, idempotencyKey);
    }
    b.add("traceparent", trace.childTraceparent(random));
    if (!trace.tracestate().isEmpty()) {
      b.add("tracestate", trace.tracestate()); // a child's state is its parent's
    }
    return b.build(req.method(), body(req));
  }

  /**
   * Each thread's builder of attempt requests. A fresh {@link Request.Builder} costs every attempt
   * about 180 bytes that the request it builds does not keep (the builder, its header builder and
   * that one's list of 20 slots); {@link Request.Builder#build()} copies the headers out, so one
   * builder per thread serves every attempt the thread makes, emptied of the previous request's
   * headers first.
   */
  private static final ThreadLocal<RequestBuilder> REQUEST_BUILDERS = ThreadLocal.withInitial(RequestBuilder::new);

  /** A reusable request builder: see {@link #REQUEST_BUILDERS}. Confined to one thread. */
  private static final class RequestBuilder {
    private final Request.Builder builder = new Request.Builder();
    /** Names of the headers added since {@link #start}: removing them by name empties the builder. */
    private final List<String> names = new ArrayList<>();
    /** Set while a request is being built with it: a nested use (none is known) gets a builder of its own. */
    boolean inUse;

    void start(HttpUrl url) {
      for (int i = 0, n = names.size(); i < n; i++) {
        builder.removeHeader(names.get(i));
      }
      names.clear();
      builder.url(url);
    }

    /** Adds a header; the name is noted first, so a value OkHttp refuses leaves nothing behind for the next request. */
    void add(String name, String value) {
      names.add(name);
      builder.addHeader(name, value);
    }

    Request build(String method, @Nullable RequestBody body) {
      try {
        return builder.method(method, body).build();
      } finally {
        builder.method("GET", null); // the builder does not keep the body of a request it built
      }
    }
  }

  private static @Nullable RequestBody body(EdgeRequest req) {
    if (req.bodyLength() > 0 || requiresBody(req.method())) {
      String type = req.contentType().orElse(null);
      return RequestBody.create(req.body(), type == null ? null : mediaType(type));
    }
    return null;
  }

  /** Media types of request bodies by their text, parsed once each (a parse runs a regex): an app sends few. */
  private static final Map<String, MediaType> MEDIA_TYPES = new ConcurrentHashMap<>();

  private static @Nullable MediaType mediaType(String text) {
    MediaType known = MEDIA_TYPES.get(text);
    if (known != null) {
      return known;
    }
    MediaType parsed = MediaType.parse(text);
    if (parsed != null) {
      remember(MEDIA_TYPES, text, parsed);
    }
    return parsed;
  }

  private static boolean requiresBody(String method) {
    return method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
  }

  /** The result of one exchange: a response or a failure. Immutable by convention (internal). */
  static final class Exchange {
    private final Outcome outcome;
    private final int status;
    private final Map<String, List<String>> headers;
    private final byte[] body;
    private final @Nullable Exception failure;
    private final boolean beforeSend;

    Exchange(Outcome outcome, int status, Map<String, List<String>> headers, byte[] body,
        @Nullable Exception failure, boolean beforeSend) {
      this.outcome = outcome;
      this.status = status;
      this.headers = headers;
      this.body = body;
      this.failure = failure;
      this.beforeSend = beforeSend;
    }

    Outcome outcome() {
      return outcome;
    }

    int status() {
      return status;
    }

    Map<String, List<String>> headers() {
      return headers;
    }

    /**
     * The first value of a header.
     *
     * @param lowerCaseName the name, in lower case
     * @return the value, or {@code null} when absent
     */
    @Nullable String header(String lowerCaseName) {
      List<String> v = headers.get(lowerCaseName);
      return v == null || v.isEmpty() ? null : v.get(0);
    }

    byte[] body() {
      return body;
    }

    /**
     * Why there is no usable response: an {@link IOException}, a {@link BodyTooLargeException}
     * (the plane answered, the body is over the limit), or whatever else OkHttp threw.
     */
    @Nullable Exception failure() {
      return failure;
    }

    boolean beforeSend() {
      return beforeSend;
    }
  }

  /**
   * Runs one call to completion, reading the whole body (bounded by {@link #MAX_BODY}).
   *
   * @param call a fresh call whose timeout is already set
   * @return what happened; never throws
   */
  static Exchange execute(Call call) {
    return execute(call, MAX_BODY);
  }

  /**
   * Runs one call to completion and never throws: every failure, including the runtime and
   * undeclared checked exceptions OkHttp lets escape, becomes an outcome.
   *
   * <ul>
   *   <li>A 2xx body longer than {@code maxBody} is {@link Outcome#CLIENT_ERROR} with a {@link
   *       BodyTooLargeException}: the plane answered, so it is not held against it, and the same
   *       request would get the same answer, so it is not retried. At most {@code maxBody} bytes
   *       are read, none when the announced length is already over.
   *   <li>An interrupt (OkHttp throws {@link InterruptedException} while it waits for a connect)
   *       is {@link Outcome#CANCELLED}, with the thread's interrupt status kept.
   * </ul>
   *
   * @param call a fresh call whose timeout is already set
   * @param maxBody the longest 2xx body read
   * @return what happened
   */
  static Exchange execute(Call call, long maxBody) {
    WatchdogAnchor.SHARED.beforeExchange();
    int code = 0;
    try (Response response = call.execute()) {
      code = response.code();
      byte[] body = code >= 200 && code < 300
          ? readWhole(response.body(), maxBody)
          : readPrefix(response.body(), MAX_ERROR_BODY);
      return new Exchange(Outcomes.ofStatus(code), code, headers(response.headers()), body, null, false);
    } catch (BodyTooLargeException e) {
      return new Exchange(Outcome.CLIENT_ERROR, code, Map.of(), new byte[0], e, false);
    } catch (IOException e) {
      return new Exchange(Outcomes.ofFailure(e, call.isCanceled()), 0, Map.of(), new byte[0], e,
          Outcomes.beforeSend(e));
    } catch (Exception e) { // Kotlin's undeclared checked exceptions, and OkHttp's runtime failures
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      return new Exchange(Outcomes.ofFailure(e, call.isCanceled()), 0, Map.of(), new byte[0], e, false);
    }
  }

  /** The first {@code limit} bytes of a body, the rest dropped: a non-2xx body only ends up in an exception. */
  private static byte[] readPrefix(ResponseBody body, long limit) throws IOException {
    BufferedSource source = body.source();
    return source.request(limit + 1) ? source.readByteArray(limit) : source.readByteArray();
  }

  /** A body longer than the reader accepts; nothing beyond the limit was read. */
  static final class BodyTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;
    private final long limit;

    BodyTooLargeException(long limit) {
      super("response body exceeds " + limit + " bytes");
      this.limit = limit;
    }

    long limit() {
      return limit;
    }
  }

  /**
   * Reads a whole body, but never more than {@code limit} bytes into memory: a misbehaving or
   * hostile server cannot exhaust the heap.
   *
   * @throws BodyTooLargeException if the body is longer
   */
  static byte[] readWhole(ResponseBody body, long limit) throws IOException {
    if (body.contentLength() > limit) {
      throw new BodyTooLargeException(limit);
    }
    BufferedSource source = body.source();
    if (source.request(limit + 1)) {
      throw new BodyTooLargeException(limit);
    }
    return source.readByteArray();
  }

  /**
   * The headers by lower-case name, in the order received, unmodifiable, each list immutable: an
   * {@link dev.microevent.core.EdgeResponse} keeps the map as it is ({@link TrustedResponses}). A
   * view of OkHttp's own immutable {@link Headers}: a lookup by name reads them in place, and the
   * map of every name is built only when someone asks for all of them, so a call whose caller never
   * looks at the headers does not build one.
   */
  static Map<String, List<String>> headers(Headers headers) {
    return headers.size() == 0 ? Map.of() : new HeaderMap(headers);
  }

  /** See {@link #headers(Headers)}. Thread-safe: the headers are immutable, the full map is made once or so. */
  private static final class HeaderMap extends AbstractMap<String, List<String>> {
    private final Headers headers;
    private volatile @Nullable Map<String, List<String>> all;

    HeaderMap(Headers headers) {
      this.headers = headers;
    }

    @Override
    public @Nullable List<String> get(@Nullable Object key) {
      if (!(key instanceof String name)) {
        return null;
      }
      if (hasUpperCaseAscii(name)) {
        return null; // no name lower-cases to it
      }
      if (!ascii(name)) {
        return all().get(name); // an exotic key (OkHttp takes such names only from a lenient read): answered exactly
      }
      if (name.equals(SHIELDED_LOWER)) {
        return null; // read as retry-after
      }
      boolean retryAfter = name.equals(LOWER_RETRY_AFTER);
      String first = null;
      List<String> more = null;
      for (int i = 0, n = headers.size(); i < n; i++) {
        String header = headers.name(i);
        if (named(header, name) || (retryAfter && named(header, SHIELDED_LOWER))) {
          if (first == null) {
            first = headers.value(i);
          } else {
            if (more == null) {
              more = new ArrayList<>();
              more.add(first);
            }
            more.add(headers.value(i));
          }
        }
      }
      return first == null ? null : more == null ? List.of(first) : List.copyOf(more);
    }

    @Override
    public boolean containsKey(@Nullable Object key) {
      return get(key) != null;
    }

    @Override
    public boolean isEmpty() {
      return false; // never made for no headers
    }

    @Override
    public int size() {
      return all().size();
    }

    @Override
    public Set<Map.Entry<String, List<String>>> entrySet() {
      return all().entrySet();
    }

    private Map<String, List<String>> all() {
      Map<String, List<String>> a = all;
      if (a == null) {
        a = byName(headers);
        all = a;
      }
      return a;
    }
  }

  /** Every header by lower-case name, in the order received: the full map of a {@link HeaderMap}. */
  private static Map<String, List<String>> byName(Headers headers) {
    int n = headers.size();
    Map<String, List<String>> map = new LinkedHashMap<>((int) (n / 0.75f) + 1);
    boolean repeated = false;
    for (int i = 0; i < n; i++) {
      String name = nameAt(headers, i);
      List<String> first = map.putIfAbsent(name, List.of(headers.value(i)));
      if (first != null) {
        // A repeated header (rare): collect its values, made immutable below.
        List<String> values = first instanceof ArrayList<String> ? first : new ArrayList<>(first);
        values.add(headers.value(i));
        map.put(name, values);
        repeated = true;
      }
    }
    if (repeated) {
      map.replaceAll((name, values) -> values instanceof ArrayList<String> ? List.copyOf(values) : values);
    }
    return Collections.unmodifiableMap(map);
  }

  private static boolean hasUpperCaseAscii(String text) {
    for (int i = 0, n = text.length(); i < n; i++) {
      char c = text.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether header name {@code header} lower-cases to {@code lowerAscii}, a lower-case ASCII name:
   * compared in place, without a lower-cased copy of the name, and confirmed against {@link
   * #lowerCase} only for a name that is not ASCII (whose case mapping may differ from a
   * character-wise comparison).
   */
  private static boolean named(String header, String lowerAscii) {
    return header.equalsIgnoreCase(lowerAscii) && (ascii(header) || lowerCase(header).equals(lowerAscii));
  }

  private static boolean ascii(String text) {
    for (int i = 0, n = text.length(); i < n; i++) {
      if (text.charAt(i) > '~') {
        return false;
      }
    }
    return true;
  }

  /** The lower-case name of header {@code i}, with a shielded {@code Retry-After} read as {@code retry-after}. */
  private static String nameAt(Headers headers, int i) {
    String name = lowerCase(headers.name(i));
    return name.equals(SHIELDED_LOWER) ? LOWER_RETRY_AFTER : name;
  }

  private static final String SHIELDED_LOWER = SHIELDED_RETRY_AFTER.toLowerCase(Locale.ROOT);
  private static final String LOWER_RETRY_AFTER = "retry-after";

  /** Lower-case forms of header names seen, so that every response does not lower-case its names again. */
  private static final Map<String, String> LOWER_NAMES = new ConcurrentHashMap<>();
  /**
   * Most entries a map of {@link #remember} keeps: header names and media types come from servers
   * and apps, so past this many the rest are worked out each time.
   */
  private static final int MAX_REMEMBERED = 256;

  /** Keeps {@code value} under {@code key} unless the map is full. */
  private static <V> void remember(Map<String, V> map, String key, V value) {
    if (map.size() < MAX_REMEMBERED) {
      map.putIfAbsent(key, value);
    }
  }

  private static String lowerCase(String name) {
    String lower = LOWER_NAMES.get(name);
    if (lower != null) {
      return lower;
    }
    lower = name.toLowerCase(Locale.ROOT);
    remember(LOWER_NAMES, name, lower);
    return lower;
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    WatchdogAnchor.SHARED.clientClosed();
    for (OkHttpClient c : byBinding.values()) {
      c.connectionPool().evictAll();
    }
    base.dispatcher().executorService().shutdown();
  }
}
