package dev.microevent.plane.telemetry.internal;

import dev.microevent.plane.telemetry.ObjectStore;
import dev.microevent.plane.telemetry.TelemetryException;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * One bucket of an S3-compatible store through the AWS SDK v2 (JDK HTTP, path style, checksums
 * only where S3 requires them, so S3-compatible stores accept the uploads). Every failure becomes a
 * {@link TelemetryException} whose message names the store and the key, never the credentials.
 * Thread-safe.
 */
public final class S3Bucket implements AutoCloseable {
  private final ObjectStore store;
  private final S3Client s3;

  /**
   * Opens a client for the store.
   *
   * @param store the store
   */
  public S3Bucket(ObjectStore store) {
    this.store = store;
    this.s3 = S3Client.builder()
        .httpClientBuilder(UrlConnectionHttpClient.builder()
            .connectionTimeout(store.attemptTimeout())
            .socketTimeout(store.attemptTimeout()))
        .endpointOverride(store.endpoint())
        .region(Region.of(store.region()))
        .forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(store.accessKeyId(), store.secretAccessKey())))
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .overrideConfiguration(o -> o
            .apiCallAttemptTimeout(store.attemptTimeout())
            .apiCallTimeout(store.attemptTimeout().multipliedBy(store.maxAttempts() + 1L))
            .retryStrategy(b -> b.maxAttempts(store.maxAttempts())))
        .build();
  }

  /** {@return the object store settings this bucket was opened with} */
  public ObjectStore store() {
    return store;
  }

  /**
   * Puts one object; putting the same key again replaces it (so a retry never duplicates).
   *
   * @param key the key
   * @param gzippedJson the body, gzip-compressed JSON
   * @throws TelemetryException if the store refused it or could not be reached
   */
  public void put(String key, byte[] gzippedJson) {
    try {
      s3.putObject(p -> p.bucket(store.bucket()).key(key).contentType("application/json").contentEncoding("gzip"),
          RequestBody.fromBytes(gzippedJson));
    } catch (SdkException e) {
      throw wrap("put", key, e);
    }
  }

  /**
   * Lists the keys under a prefix, in key order.
   *
   * @param prefix the prefix
   * @return the keys with their sizes
   * @throws TelemetryException if the store refused or could not be reached
   */
  public List<S3Object> list(String prefix) {
    try {
      List<S3Object> out = new ArrayList<>();
      for (var page : s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(store.bucket()).prefix(prefix)
          .build())) {
        for (S3Object o : page.contents()) {
          if (!o.key().endsWith("/")) {
            out.add(o);
          }
        }
      }
      return out;
    } catch (SdkException e) {
      throw wrap("list", prefix, e);
    }
  }

  /**
   * Gets one object's bytes.
   *
   * @param key the key
   * @return the bytes as stored
   * @throws TelemetryException if the store refused or could not be reached
   */
  public byte[] get(String key) {
    try {
      return s3.getObjectAsBytes(g -> g.bucket(store.bucket()).key(key)).asByteArray();
    } catch (SdkException e) {
      throw wrap("get", key, e);
    }
  }

  private TelemetryException wrap(String op, String key, SdkException e) {
    String what = e instanceof SdkServiceException s
        ? "the store answered " + s.statusCode()
        : "the store could not be reached (" + e.getClass().getSimpleName() + ")";
    boolean retryable = !(e instanceof SdkServiceException s) || s.statusCode() >= 500 || s.statusCode() == 429
        || s.statusCode() == 408;
    return new TelemetryException(op + " of '" + key + "' in bucket " + store.bucket() + " at " + store.endpoint()
        + " failed: " + what + (retryable ? "; it is tried again later" : "; check the bucket and the credentials"),
        e, retryable);
  }

  @Override
  public void close() {
    s3.close();
  }
}
