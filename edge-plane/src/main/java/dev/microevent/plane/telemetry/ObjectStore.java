package dev.microevent.plane.telemetry;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Where telemetry batches go: an S3-compatible bucket (AWS S3, MinIO, s3proxy, a regional store)
 * reached with the AWS SDK v2 and path-style addressing.
 *
 * <pre>{@code
 * ObjectStore store = ObjectStore.builder()
 *     .endpoint(URI.create("https://s3.eu-central-1.amazonaws.com"))
 *     .region("eu-central-1")
 *     .bucket("venue-telemetry")
 *     .credentials(System.getenv("S3_ACCESS_KEY"), System.getenv("S3_SECRET_KEY"))
 *     .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe; {@link #toString()} never shows the secret key.
 */
public final class ObjectStore {
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

  private final URI endpoint;
  private final String region;
  private final String bucket;
  private final String accessKeyId;
  private final String secretAccessKey;
  private final Duration attemptTimeout;
  private final int maxAttempts;

  private ObjectStore(Builder b) {
    this.endpoint = Objects.requireNonNull(b.endpoint, "endpoint is required");
    this.bucket = Objects.requireNonNull(b.bucket, "bucket is required");
    this.accessKeyId = Objects.requireNonNull(b.accessKeyId, "credentials are required");
    this.secretAccessKey = Objects.requireNonNull(b.secretAccessKey, "credentials are required");
    this.region = b.region;
    this.attemptTimeout = b.attemptTimeout;
    this.maxAttempts = b.maxAttempts;
  }

  /**
   * A builder.
   *
   * @return a new builder; not thread-safe
   */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return the store's endpoint, e.g. {@code http://127.0.0.1:9000}} */
  public URI endpoint() {
    return endpoint;
  }

  /** {@return the signing region} */
  public String region() {
    return region;
  }

  /** {@return the bucket batches are written to} */
  public String bucket() {
    return bucket;
  }

  /** {@return the access key id} */
  public String accessKeyId() {
    return accessKeyId;
  }

  /** {@return the secret access key; never logged} */
  public String secretAccessKey() {
    return secretAccessKey;
  }

  /**
   * Longest one HTTP attempt may take.
   *
   * @return the longest time one HTTP attempt may take
   */
  public Duration attemptTimeout() {
    return attemptTimeout;
  }

  /**
   * Attempts per request, the first included.
   *
   * @return how many attempts one request gets, the first included
   */
  public int maxAttempts() {
    return maxAttempts;
  }

  @Override
  public String toString() {
    return "ObjectStore[" + endpoint + ", bucket " + bucket + ", region " + region + ", key " + accessKeyId
        + ", secret ****]";
  }

  /** Builds an {@link ObjectStore}. Not thread-safe. */
  public static final class Builder {
    private @Nullable URI endpoint;
    private String region = "us-east-1";
    private @Nullable String bucket;
    private @Nullable String accessKeyId;
    private @Nullable String secretAccessKey;
    private Duration attemptTimeout = Duration.ofSeconds(10);
    private int maxAttempts = 3;

    private Builder() {}

    /**
     * The endpoint; required.
     *
     * @param uri an absolute http(s) URI
     * @return this builder
     */
    public Builder endpoint(URI uri) {
      Objects.requireNonNull(uri, "uri");
      if (!uri.isAbsolute() || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          || uri.getHost() == null) {
        throw new IllegalArgumentException("the endpoint must be an absolute http(s) URI, got " + uri);
      }
      this.endpoint = uri;
      return this;
    }

    /**
     * The signing region; default {@code us-east-1} (what most S3-compatible stores accept).
     *
     * @param region e.g. {@code eu-central-1}
     * @return this builder
     */
    public Builder region(String region) {
      Objects.requireNonNull(region, "region");
      if (!region.matches("[a-z0-9-]{1,32}")) {
        throw new IllegalArgumentException("region must be a short token, got '" + region + "'");
      }
      this.region = region;
      return this;
    }

    /**
     * The bucket; required. It must exist: the collector never creates one.
     *
     * @param bucket 3 to 63 lower-case letters, digits, dots and dashes
     * @return this builder
     */
    public Builder bucket(String bucket) {
      Objects.requireNonNull(bucket, "bucket");
      if (!BUCKET.matcher(bucket).matches()) {
        throw new IllegalArgumentException("bucket must be 3..63 of [a-z0-9.-], got '" + bucket + "'");
      }
      this.bucket = bucket;
      return this;
    }

    /**
     * The credentials; required.
     *
     * @param accessKeyId the access key id
     * @param secretAccessKey the secret key; kept out of logs and {@code toString()}
     * @return this builder
     */
    public Builder credentials(String accessKeyId, String secretAccessKey) {
      Objects.requireNonNull(accessKeyId, "accessKeyId");
      Objects.requireNonNull(secretAccessKey, "secretAccessKey");
      if (accessKeyId.isBlank() || secretAccessKey.isBlank()) {
        throw new IllegalArgumentException("the access key id and the secret key must not be blank");
      }
      this.accessKeyId = accessKeyId;
      this.secretAccessKey = secretAccessKey;
      return this;
    }

    /**
     * Longest one HTTP attempt may take; default 10 s. A slow uplink that exceeds it counts as a
     * failed attempt, and the batch stays in the spool.
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder attemptTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("attemptTimeout must be positive, got " + timeout);
      }
      this.attemptTimeout = timeout;
      return this;
    }

    /**
     * Attempts per request (the AWS SDK's own retries with backoff); default 3. Beyond them the
     * batch stays in the spool and is tried again on the next drain.
     *
     * @param attempts 1 to 10
     * @return this builder
     */
    public Builder maxAttempts(int attempts) {
      if (attempts < 1 || attempts > 10) {
        throw new IllegalArgumentException("maxAttempts must be within 1..10, got " + attempts);
      }
      this.maxAttempts = attempts;
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @return the store
     * @throws NullPointerException naming what is missing (endpoint, bucket, credentials)
     */
    public ObjectStore build() {
      return new ObjectStore(this);
    }
  }
}
