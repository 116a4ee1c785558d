package dev.microevent.power.internal;

import dev.microevent.power.protocol.VeDirectBlock;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A push parser for the VE.Direct text protocol. Bytes go in one at a time; a block comes out when
 * its {@code Checksum} byte arrives and the block's bytes sum to 0 modulo 256.
 *
 * <p>HEX messages ({@code :} at a field or block boundary, up to LF) are cut out before summing. A
 * {@code :} as the checksum byte is not a HEX start; a CR ends a HEX message cut short (HEX messages
 * hold none) and starts a block. A CR in the checksum position is also kept as the start of the
 * next block, whether the block passed or not (its real checksum byte may have been lost). When the
 * checksum byte arrives, the parser takes the latest good block in the buffered bytes (a block
 * whose {@code Checksum} field was lost runs into the next one; garbage may come before it),
 * starting only where a block can start ({@code PID} or {@code H1}) or at the buffer's start, so
 * nothing before a good frame, of any length, costs that frame. Not thread-safe.
 */
public final class VeDirectFrameParser {
  static final int MAX_BLOCK_BYTES = 2048;
  private static final int MAX_HEX_BYTES = 1024;
  private static final int MAX_LABEL = 16;
  private static final int MAX_VALUE = 64;
  private static final byte[] CHECKSUM_FIELD = "\r\nChecksum\t".getBytes(StandardCharsets.US_ASCII);

  private final byte[] buf = new byte[MAX_BLOCK_BYTES + 1];
  private int len;
  private boolean inHex;
  private int hexLen;
  private boolean checksumNext;
  private long accepted;
  private long rejected;

  /** {@return the number of blocks accepted so far} */
  public long accepted() {
    return accepted;
  }

  /** {@return the number of blocks rejected so far} */
  public long rejected() {
    return rejected;
  }

  /**
   * Feeds one byte.
   *
   * @param value the byte, 0..255
   * @return a block when this byte completed a valid one
   */
  public @Nullable VeDirectBlock feed(int value) {
    byte b = (byte) value;
    if (inHex) {
      if (b != '\r') {
        if (b == '\n' || ++hexLen > MAX_HEX_BYTES) {
          inHex = false;
        }
        return null;
      }
      // a HEX message never holds a CR: this one was cut short, and the CR starts the next block
      inHex = false;
    }
    if (checksumNext) {
      checksumNext = false;
      buf[len++] = b;
      VeDirectBlock block = finish();
      if (b == '\r') {
        // Whether or not the block passed, this CR may be the next block's first byte (the
        // checksum byte was lost and the next block's CR completed the sum): keep it. If it was
        // the real checksum, the next block's own CR comes next and takes its place.
        buf[len++] = b;
      }
      return block;
    }
    if (b == ':' && (len == 0 || buf[len - 1] == '\n')) {
      inHex = true;
      hexLen = 1;
      return null;
    }
    if (len == 0 && b != '\r') {
      return null; // noise between blocks
    }
    if (len == 1 && b == '\r') {
      return null; // a kept CR and then another: the block starts at this one
    }
    buf[len++] = b;
    if (len > MAX_BLOCK_BYTES) {
      dropOldest();
    }
    checksumNext = endsWith(CHECKSUM_FIELD);
    return null;
  }

  private boolean endsWith(byte[] suffix) {
    if (len < suffix.length) {
      return false;
    }
    return Arrays.equals(buf, len - suffix.length, len, suffix, 0, suffix.length);
  }

  /**
   * Keeps the newer half of an overlong buffer, cut at a field start: a CR LF, or a CR that just
   * arrived (its LF is still to come, and it may be the next block's first byte).
   */
  private void dropOldest() {
    int from = -1;
    for (int i = len / 2; i < len; i++) {
      if (buf[i] == '\r' && (i + 1 == len || buf[i + 1] == '\n')) {
        from = i;
        break;
      }
    }
    if (from < 0) {
      len = 0;
    } else {
      System.arraycopy(buf, from, buf, 0, len - from);
      len -= from;
    }
    rejected++;
  }

  private @Nullable VeDirectBlock finish() {
    int n = len;
    len = 0;
    int sum = 0;
    int[] suffixSum = new int[n + 1];
    for (int i = n - 1; i >= 0; i--) {
      sum = (sum + (buf[i] & 0xFF)) & 0xFF;
      suffixSum[i] = sum;
    }
    // The latest block start first: whatever came before it (garbage, a block that lost its end)
    // must not swallow it. The buffer's first byte may start a block with any label.
    for (int start = n - 2; start >= 0; start--) {
      if (buf[start] != '\r' || buf[start + 1] != '\n' || suffixSum[start] != 0
          || (start > 0 && !startsBlock(start + 2, n))) {
        continue;
      }
      Map<String, String> fields = parse(start, n);
      if (fields != null) {
        accepted++;
        if (start > 0) {
          rejected++;
        }
        return new VeDirectBlock(fields);
      }
    }
    rejected++;
    return null;
  }

  private boolean startsBlock(int labelAt, int end) {
    return labelIs(labelAt, end, "PID\t") || labelIs(labelAt, end, "H1\t");
  }

  private boolean labelIs(int at, int end, String label) {
    if (at + label.length() > end) {
      return false;
    }
    for (int i = 0; i < label.length(); i++) {
      if (buf[at + i] != label.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** Parses {@code (CR LF label TAB value)*} up to the checksum byte; null if malformed. */
  private @Nullable Map<String, String> parse(int start, int end) {
    Map<String, String> fields = new LinkedHashMap<>();
    int i = start;
    while (i < end) {
      if (i + 1 >= end || buf[i] != '\r' || buf[i + 1] != '\n') {
        return null;
      }
      i += 2;
      int labelStart = i;
      while (i < end && buf[i] != '\t') {
        if (buf[i] < 0x21 || buf[i] > 0x7E || i - labelStart >= MAX_LABEL) {
          return null;
        }
        i++;
      }
      if (i >= end || i == labelStart) {
        return null;
      }
      String label = new String(buf, labelStart, i - labelStart, StandardCharsets.US_ASCII);
      i++; // TAB
      if (label.equals("Checksum")) {
        return i == end - 1 ? fields : null;
      }
      int valueStart = i;
      while (i < end && buf[i] != '\r') {
        if (buf[i] < 0x20 || buf[i] > 0x7E || i - valueStart >= MAX_VALUE) {
          return null;
        }
        i++;
      }
      if (fields.put(label, new String(buf, valueStart, i - valueStart, StandardCharsets.US_ASCII)) != null) {
        return null; // a label twice: two blocks ran together
      }
    }
    return null;
  }
}
