package dev.microevent.plane;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.microevent.core.spi.SteeringKey;
import dev.microevent.plane.internal.Ed25519;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * The Ed25519 key a plane signs what it serves with (config documents, key hand-overs). Clients pin
 * its {@link #publicKeyBase64()}; keep the key file secret. Every plane of one venue uses the same
 * key, since clients pin one. Immutable and thread-safe; {@link #toString()} shows only the key id.
 *
 * <p>The key file is a small JSON document: {@code {"kid": ..., "publicKey": base64 raw 32 bytes,
 * "privateKey": base64 PKCS#8}}, written owner-only.
 */
public final class PlaneKey {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final PrivateKey privateKey;
  private final byte[] publicKey;
  private final String keyId;

  private PlaneKey(PrivateKey privateKey, byte[] publicKey) {
    this.privateKey = privateKey;
    this.publicKey = publicKey;
    this.keyId = SteeringKey.kidOf(publicKey);
  }

  /**
   * A new key from the platform's strong random source.
   *
   * @return the key
   */
  public static PlaneKey generate() {
    KeyPair pair = Ed25519.generate();
    return new PlaneKey(pair.getPrivate(), Ed25519.raw(pair.getPublic()));
  }

  /**
   * Reads a key file written by {@link #write(Path)} and checks that its halves belong together.
   *
   * @param file the key file
   * @return the key
   * @throws PlaneException if the file cannot be read or is not a valid key
   */
  public static PlaneKey read(Path file) {
    Objects.requireNonNull(file, "file");
    JsonNode doc;
    try {
      doc = JSON.readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new PlaneException("cannot read the key file " + file + " (" + e.getClass().getSimpleName() + ")", e);
    }
    try {
      byte[] pub = Base64.getDecoder().decode(doc.path("publicKey").asText(""));
      PrivateKey priv = Ed25519.privateKey(Base64.getDecoder().decode(doc.path("privateKey").asText("")));
      byte[] probe = "microevent plane key check".getBytes(StandardCharsets.US_ASCII);
      byte[] signed = Ed25519.sign(priv, probe);
      if (SteeringKey.decode(pub).filter(k -> k.verifies(probe, signed)).isEmpty()) {
        throw new PlaneException("the key file " + file + " holds a private key that does not match its public key", null);
      }
      return new PlaneKey(priv, pub);
    } catch (GeneralSecurityException | IllegalArgumentException | IllegalStateException e) {
      throw new PlaneException("the key file " + file + " does not hold an Ed25519 key ("
          + e.getClass().getSimpleName() + "); write one with 'plane keys new'", e);
    }
  }

  /**
   * Reads the key file, or creates it with a new key when it does not exist yet.
   *
   * @param file the key file
   * @return the key
   * @throws PlaneException if the file cannot be read or written
   */
  public static PlaneKey readOrCreate(Path file) {
    if (Files.exists(Objects.requireNonNull(file, "file"))) {
      return read(file);
    }
    PlaneKey key = generate();
    key.write(file);
    return key;
  }

  /**
   * Writes the key file (owner read/write only where the file system supports it), atomically.
   *
   * @param file where
   * @throws PlaneException if it cannot be written
   */
  public void write(Path file) {
    ObjectNode doc = JSON.createObjectNode()
        .put("kid", keyId)
        .put("publicKey", publicKeyBase64())
        .put("privateKey", Base64.getEncoder().encodeToString(privateKey.getEncoded()));
    try {
      Path dir = file.toAbsolutePath().getParent();
      if (dir != null) {
        Files.createDirectories(dir);
      }
      Path tmp = Files.createTempFile(dir == null ? Path.of(".") : dir, ".plane-key", ".tmp");
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // Not a POSIX file system: the folder's permissions protect it.
      }
      Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(doc));
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new PlaneException("cannot write the key file " + file + " (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  /**
   * The key id as signatures name it: the first 8 bytes of the SHA-256 of the raw public key.
   *
   * @return 16 hex digits
   */
  public String keyId() {
    return keyId;
  }

  /**
   * The raw public key, to pin in clients.
   *
   * @return a copy of the 32 bytes
   */
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /**
   * The raw public key in Base64, as operators paste it into a client's configuration.
   *
   * @return Base64 of the 32 bytes
   */
  public String publicKeyBase64() {
    return Base64.getEncoder().encodeToString(publicKey);
  }

  static PlaneKey of(PrivateKey privateKey, byte[] publicKey) {
    return new PlaneKey(privateKey, publicKey.clone());
  }

  PrivateKey privateKey() {
    return privateKey;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PlaneKey other && Arrays.equals(other.publicKey, publicKey);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(publicKey);
  }

  @Override
  public String toString() {
    return "PlaneKey{kid=" + keyId + "}";
  }
}
