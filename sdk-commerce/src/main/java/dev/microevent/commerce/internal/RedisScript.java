package dev.microevent.commerce.internal;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A Lua script run by its SHA-1 ({@code EVALSHA}), loaded again when the server answers {@code
 * NOSCRIPT} (after a restart or {@code SCRIPT FLUSH}). The module's Redis stores keep their atomic
 * steps in scripts like this. Thread-safe.
 */
public final class RedisScript {
  private final String text;
  private volatile String sha;

  /**
   * Wraps a script; nothing is sent until it runs.
   *
   * @param text the Lua source
   */
  public RedisScript(String text) {
    this.text = Objects.requireNonNull(text, "text");
    try {
      this.sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-1", e);
    }
  }

  /**
   * The SHA-1 to call it by.
   *
   * @return the hex digest
   */
  public String sha() {
    return sha;
  }

  /**
   * Loads it into the server's script cache (before pipelining calls by SHA).
   *
   * @param redis a connection's commands
   */
  public void load(RedisCommands<String, String> redis) {
    sha = redis.scriptLoad(text);
  }

  /**
   * Runs it ({@link ScriptOutputType#MULTI}: the script returns a table), loading it first if the
   * server does not have it.
   *
   * @param redis a connection's commands (their timeout applies)
   * @param keys the keys it touches
   * @param args its arguments
   * @return the reply's elements
   * @throws io.lettuce.core.RedisException if Redis fails or does not answer in time
   */
  public List<Object> eval(RedisCommands<String, String> redis, String[] keys, String... args) {
    try {
      return redis.evalsha(sha, ScriptOutputType.MULTI, keys, args);
    } catch (RedisNoScriptException flushed) {
      load(redis);
      return redis.evalsha(sha, ScriptOutputType.MULTI, keys, args);
    }
  }
}
