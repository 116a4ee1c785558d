package dev.microevent.plane.telemetry;

import static org.awaitility.Awaitility.await;

import dev.microevent.plane.telemetry.internal.S3Bucket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * A real S3-compatible store for tests: s3proxy with its filesystem (nio2) store in a directory,
 * on 127.0.0.1 on a free port. Close it to stop it.
 */
final class S3ProxyServer implements AutoCloseable {
  static final String ACCESS = "telemetry-access";
  static final String SECRET = "telemetry-secret-never-logged";

  private final BlobStoreContext context;
  private final S3Proxy proxy;
  private final URI uri;

  private S3ProxyServer(BlobStoreContext context, S3Proxy proxy) {
    this.context = context;
    this.proxy = proxy;
    this.uri = URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  static S3ProxyServer start(Path dir, String... buckets) throws Exception {
    java.nio.file.Files.createDirectories(dir);
    Properties o = new Properties();
    o.setProperty("jclouds.filesystem.basedir", dir.toString());
    BlobStoreContext ctx = ContextBuilder.newBuilder("filesystem-nio2").credentials("unused", "unused").overrides(o)
        .build(BlobStoreContext.class);
    S3Proxy proxy = S3Proxy.builder().blobStore(ctx.getBlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS, SECRET).ignoreUnknownHeaders(true).build();
    proxy.start();
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(5))
        .until(() -> "STARTED".equals(proxy.getState()));
    for (String b : buckets) {
      ctx.getBlobStore().createContainerInLocation(null, b);
    }
    return new S3ProxyServer(ctx, proxy);
  }

  URI uri() {
    return uri;
  }

  ObjectStore.Builder store(String bucket) {
    return store(uri, bucket);
  }

  static ObjectStore.Builder store(URI endpoint, String bucket) {
    return ObjectStore.builder().endpoint(endpoint).bucket(bucket).credentials(ACCESS, SECRET)
        .attemptTimeout(Duration.ofSeconds(2)).maxAttempts(3);
  }

  /** A client that talks straight to the store, for assertions. */
  S3Bucket bucket(String bucket) {
    return new S3Bucket(store(bucket).build());
  }

  @Override
  public void close() {
    try {
      proxy.stop();
    } catch (Exception e) {
      throw new IllegalStateException("s3proxy did not stop", e);
    } finally {
      context.close();
    }
  }
}
