package dev.microevent.commerce.audit;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The auditor's command line: verifies exported tree heads, proofs and openings with the log's
 * public key, no log and no network needed. Dependency-free (only this SDK jar and its runtime
 * dependencies on the class path):
 *
 * <pre>{@code
 * java -cp <sdk-commerce jar + deps> dev.microevent.commerce.audit.AuditCommand verify-head \
 *     --head head.json --key <base64 public key>
 * ... AuditCommand verify-inclusion --head head.json --proof proof.json --entry opening.json --key <key>
 * ... AuditCommand verify-consistency --old old-head.json --new head.json --proof proof.json --key <key>
 * }</pre>
 *
 * <p>Exit status: {@value #VALID} valid, {@value #INVALID} invalid (a head, proof or opening that
 * does not check out: the line says which check failed), {@value #BAD_INPUT} bad input or no
 * verdict (usage, an unreadable file, a document that is not an audit document, a key that is not
 * an Ed25519 public key). The one line of the verdict goes to standard output, errors to standard
 * error. This is the only class of the SDK that prints.
 */
public final class AuditCommand {
  /** Exit status: everything checked out. */
  public static final int VALID = 0;
  /** Exit status: a head, proof or opening does not check out. */
  public static final int INVALID = 1;
  /** Exit status: bad input (usage, files, documents, key); no verdict. */
  public static final int BAD_INPUT = 2;

  /** Largest file read, in bytes (documents are at most 64 Ki characters). */
  static final int MAX_FILE = 256 * 1024;

  private static final String USAGE = """
      usage: AuditCommand <command> --key <base64 Ed25519 public key of the log> [files]
        verify-head        --head head.json
        verify-inclusion   --head head.json --proof inclusion.json --entry opening.json
        verify-consistency --old older-head.json --new newer-head.json --proof consistency.json
      exit status: 0 valid, 1 invalid, 2 bad input""";

  private static final Map<String, Set<String>> COMMANDS = Map.of(
      "verify-head", Set.of("key", "head"),
      "verify-inclusion", Set.of("key", "head", "proof", "entry"),
      "verify-consistency", Set.of("key", "old", "new", "proof"));

  private AuditCommand() {}

  /**
   * Runs the command and exits with its status.
   *
   * @param args the command and its options
   */
  public static void main(String[] args) {
    int status;
    try {
      status = run(args, System.out, System.err);
    } catch (RuntimeException e) { // a bug of ours must still end in "no verdict", never in "invalid"
      System.err.println("error: no verdict, internal error: " + e);
      status = BAD_INPUT;
    }
    System.exit(status);
  }

  /**
   * Runs the command, printing its verdict to {@code out} and errors to {@code err}.
   *
   * @param args the command and its options
   * @param out where the verdict line goes
   * @param err where errors and usage go
   * @return the exit status: {@link #VALID}, {@link #INVALID} or {@link #BAD_INPUT}
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 1 && List.of("help", "--help", "-h").contains(args[0])) {
      out.println(USAGE);
      return VALID;
    }
    if (args.length == 0 || !COMMANDS.containsKey(args[0])) {
      err.println(args.length == 0 ? "error: no command" : "error: unknown command '" + shown(args[0]) + "'");
      err.println(USAGE);
      return BAD_INPUT;
    }
    String command = args[0];
    Set<String> accepted = COMMANDS.getOrDefault(command, Set.of());
    Map<String, String> options = new HashMap<>();
    for (int i = 1; i < args.length; i += 2) {
      String name = args[i].startsWith("--") ? args[i].substring(2) : "";
      if (!accepted.contains(name) || i + 1 >= args.length || options.containsKey(name)) {
        err.println("error: " + (i + 1 >= args.length && !name.isEmpty() ? "option --" + name + " needs a value"
            : "unexpected or repeated argument '" + shown(args[i]) + "' for " + command));
        err.println(USAGE);
        return BAD_INPUT;
      }
      options.put(name, args[i + 1]);
    }
    for (String needed : accepted) {
      if (!options.containsKey(needed)) {
        err.println("error: " + command + " needs --" + needed);
        err.println(USAGE);
        return BAD_INPUT;
      }
    }
    AuditVerdict verdict;
    try {
      AuditVerifier verifier = AuditVerifier.pinned(key(options.getOrDefault("key", "")));
      verdict = switch (command) {
        case "verify-head" -> verifier.verifyHead(SignedTreeHead.parse(read(options, "head")));
        case "verify-inclusion" -> verifier.verifyInclusion(SignedTreeHead.parse(read(options, "head")),
            InclusionProof.parse(read(options, "proof")), AuditReceipt.parse(read(options, "entry")));
        default -> verifier.verifyConsistency(SignedTreeHead.parse(read(options, "old")),
            SignedTreeHead.parse(read(options, "new")), ConsistencyProof.parse(read(options, "proof")));
      };
    } catch (AuditException e) {
      err.println("error: " + e.getMessage());
      return BAD_INPUT;
    }
    out.println((verdict.valid() ? "VALID: " : "INVALID: ") + verdict.detail());
    return verdict.valid() ? VALID : INVALID;
  }

  private static byte[] key(String text) {
    String t = text.strip();
    if (t.length() > 100) {
      throw malformed("--key is the Base64 of a 32-byte public key, not " + t.length() + " characters");
    }
    try {
      return Base64.getDecoder().decode(t);
    } catch (IllegalArgumentException e) {
      try {
        return Base64.getUrlDecoder().decode(t);
      } catch (IllegalArgumentException e2) {
        throw malformed("--key is not Base64: " + e.getMessage());
      }
    }
  }

  /** Reads an option's file: at most {@link #MAX_FILE} bytes, as UTF-8. */
  private static String read(Map<String, String> options, String option) {
    String name = options.getOrDefault(option, "");
    try (InputStream in = Files.newInputStream(Path.of(name))) {
      byte[] bytes = in.readNBytes(MAX_FILE + 1);
      if (bytes.length > MAX_FILE) {
        throw malformed("--" + option + " " + shown(name) + " is larger than " + MAX_FILE + " bytes: not an audit"
            + " document");
      }
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException | InvalidPathException e) {
      throw malformed("cannot read --" + option + " " + shown(name) + ": " + e);
    }
  }

  private static AuditException malformed(String message) {
    return new AuditException(AuditException.Reason.MALFORMED, message, null);
  }

  private static String shown(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "..." : s;
  }
}
