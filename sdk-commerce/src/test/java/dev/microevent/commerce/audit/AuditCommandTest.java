package dev.microevent.commerce.audit;

import static dev.microevent.commerce.audit.AuditFixture.entry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.microevent.core.time.VirtualTime;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The auditor's command on exported files: 0 valid, 1 invalid, 2 bad input, one line each. */
class AuditCommandTest {
  @TempDir Path dir;
  private final VirtualTime time = AuditFixture.time();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final String key = Base64.getEncoder().encodeToString(AuditFixture.KEY.publicKey());
  private Path head;
  private Path oldHead;
  private Path inclusion;
  private Path consistency;
  private Path opening;

  @BeforeEach
  void export() throws IOException {
    try (AuditLog log = AuditFixture.open(dir.resolve("log"), time)) {
      for (int i = 0; i < 9; i++) {
        log.append(entry(i));
      }
      oldHead = write("old-head.json", log.treeHead().toDocument());
      AuditReceipt r = log.append(entry(9));
      log.append(entry(10));
      time.advance(Duration.ofSeconds(5));
      SignedTreeHead h = log.treeHead();
      head = write("head.json", h.toDocument());
      inclusion = write("proof.json", log.inclusionProof(r.index(), h.size()).toDocument());
      consistency = write("consistency.json", log.consistencyProof(9, h.size()).toDocument());
      opening = write("opening.json", r.toDocument());
    }
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  private int run(String... args) {
    out.reset();
    err.reset();
    return AuditCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void validExports_exitZeroWithOneLine() {
    assertThat(run("verify-head", "--head", head.toString(), "--key", key)).isZero();
    assertThat(out()).startsWith("VALID: log " + AuditFixture.LOG + " signed size 11");

    assertThat(run("verify-inclusion", "--head", head.toString(), "--proof", inclusion.toString(), "--entry",
        opening.toString(), "--key", key)).isZero();
    assertThat(out()).startsWith("VALID: leaf 9 (gate scan of T-9").contains("at size 11");

    assertThat(run("verify-consistency", "--old", oldHead.toString(), "--new", head.toString(), "--proof",
        consistency.toString(), "--key", key)).isZero();
    assertThat(out()).contains("extends size 9").contains("append-only");
    assertThat(err()).isEmpty();
  }

  @Test
  void tamperedExports_exitOneAndSayWhichCheckFailed() throws IOException {
    Files.writeString(opening, Files.readString(opening).replace("\"verdict\":\"VALID\"", "\"verdict\":\"REVOKED\""));
    assertThat(run("verify-inclusion", "--head", head.toString(), "--proof", inclusion.toString(), "--entry",
        opening.toString(), "--key", key)).isEqualTo(AuditCommand.INVALID);
    assertThat(out()).startsWith("INVALID: leaf 9 is not proven");

    assertThat(run("verify-consistency", "--old", head.toString(), "--new", oldHead.toString(), "--proof",
        consistency.toString(), "--key", key)).isEqualTo(AuditCommand.INVALID);
    String otherKey = Base64.getEncoder().encodeToString(AuditFixture.OTHER_KEY.publicKey());
    assertThat(run("verify-head", "--head", head.toString(), "--key", otherKey)).isEqualTo(AuditCommand.INVALID);
    assertThat(out()).contains("not the pinned key");
  }

  @Test
  void badInput_exitsTwoWithTheReasonOnStandardError() throws IOException {
    Path garbage = write("garbage.json", "{\"format\":");
    Path big = write("big.json", "x".repeat(AuditCommand.MAX_FILE + 1));
    String[][] cases = {
        {},
        {"verify-everything"},
        {"verify-head", "--head", head.toString()},
        {"verify-head", "--head", head.toString(), "--key"},
        {"verify-head", "--head", head.toString(), "--key", key, "--head", head.toString()},
        {"verify-head", "--proof", head.toString(), "--key", key},
        {"verify-head", "--head", dir.resolve("missing.json").toString(), "--key", key},
        {"verify-head", "--head", dir.toString(), "--key", key},
        {"verify-head", "--head", "\0", "--key", key},
        {"verify-head", "--head", garbage.toString(), "--key", key},
        {"verify-head", "--head", big.toString(), "--key", key},
        {"verify-head", "--head", inclusion.toString(), "--key", key},
        {"verify-head", "--head", head.toString(), "--key", "not base64!"},
        {"verify-head", "--head", head.toString(), "--key", "AAAA"},
        {"verify-head", "--head", head.toString(), "--key", "A".repeat(500)}};
    for (String[] args : cases) {
      assertThat(run(args)).as(String.join(" ", args)).isEqualTo(AuditCommand.BAD_INPUT);
      assertThat(err()).as(String.join(" ", args)).startsWith("error: ");
      assertThat(out()).isEmpty();
    }
  }

  @Test
  void help_printsUsageAndExitsZero() {
    assertThat(run("--help")).isZero();
    assertThat(out()).contains("verify-inclusion").contains("exit status: 0 valid, 1 invalid, 2 bad input");
  }

  @Test
  void urlSafeBase64Keys_areAcceptedToo() {
    String urlKey = Base64.getUrlEncoder().withoutPadding().encodeToString(AuditFixture.KEY.publicKey());
    assertThat(run("verify-head", "--head", head.toString(), "--key", urlKey)).isZero();
  }
}
