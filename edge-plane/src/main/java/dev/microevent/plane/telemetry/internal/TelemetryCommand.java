package dev.microevent.plane.telemetry.internal;

import dev.microevent.core.budget.Slo;
import dev.microevent.plane.internal.PlaneCli;
import dev.microevent.plane.telemetry.ObjectStore;
import dev.microevent.plane.telemetry.TelemetryException;
import dev.microevent.plane.telemetry.TelemetryReader;
import dev.microevent.plane.telemetry.TelemetryReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code plane telemetry report}: central analytics on a venue's uploaded batches. */
@Command(name = "telemetry", mixinStandardHelpOptions = true,
    description = "Read a venue's telemetry from the object store.", subcommands = {TelemetryCommand.Report.class})
public final class TelemetryCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    return PlaneCli.USAGE;
  }

  /** {@code plane telemetry report}. */
  @Command(name = "report", mixinStandardHelpOptions = true,
      description = "Per intent and slice: calls, availability against the SLO, burn rate, p50/p99 and error "
          + "classes, from sampled batches weighted back. Exit 0 within every SLO, 1 an SLO is breached, "
          + "2 the store cannot be reached, 4 the store refused or holds a damaged batch, 64 bad usage.")
  public static final class Report implements Callable<Integer> {
    @Spec
    CommandLine.Model.@Nullable CommandSpec spec;

    @Option(names = "--endpoint", required = true, defaultValue = "${env:TELEMETRY_S3_ENDPOINT}",
        description = "The store's endpoint (env TELEMETRY_S3_ENDPOINT).")
    @Nullable URI endpoint;

    @Option(names = "--bucket", required = true, defaultValue = "${env:TELEMETRY_S3_BUCKET}",
        description = "The bucket (env TELEMETRY_S3_BUCKET).")
    @Nullable String bucket;

    @Option(names = "--region", defaultValue = "${env:TELEMETRY_S3_REGION:-us-east-1}",
        description = "The signing region (env TELEMETRY_S3_REGION; default us-east-1).")
    String region = "us-east-1";

    @Option(names = "--access-key", defaultValue = "${env:TELEMETRY_S3_ACCESS_KEY}",
        description = "The access key id (env TELEMETRY_S3_ACCESS_KEY).")
    @Nullable String accessKey;

    @Option(names = "--secret-key", defaultValue = "${env:TELEMETRY_S3_SECRET_KEY}",
        description = "The secret key (env TELEMETRY_S3_SECRET_KEY; prefer the environment).")
    @Nullable String secretKey;

    @Option(names = "--venue", required = true, description = "The venue.")
    String venue = "";

    @Option(names = "--from", description = "Start, an ISO instant (default: --to minus --last).")
    @Nullable String from;

    @Option(names = "--to", description = "End, exclusive, an ISO instant (default now).")
    @Nullable String to;

    @Option(names = "--last", defaultValue = "60m", converter = Minutes.class,
        description = "The range when --from is not given, like 30m or 6h (default ${DEFAULT-VALUE}).")
    Duration last = Duration.ofHours(1);

    @Option(names = "--slo", description = "An intent's SLO in percent, like payment=99.95; repeatable.")
    List<String> slos = new ArrayList<>();

    @Option(names = "--default-slo", defaultValue = "99.9", description = "SLO of the other intents, percent "
        + "(default ${DEFAULT-VALUE}).")
    double defaultSlo = 99.9;

    @Option(names = "--format", defaultValue = "table", description = "table, json or html (default ${DEFAULT-VALUE}).")
    String format = "table";

    @Option(names = "--out", description = "Write to this file instead of standard output.")
    @Nullable Path out;

    private CommandLine usage() {
      CommandLine.Model.CommandSpec s = spec;
      if (s == null) {
        throw new IllegalStateException("picocli injects the spec");
      }
      return s.commandLine();
    }

    private CommandLine.ParameterException bad(String message) {
      return new CommandLine.ParameterException(usage(), message);
    }

    @Override
    public Integer call() {
      PrintWriter stdout = usage().getOut();
      PrintWriter err = usage().getErr();
      if (!format.equals("table") && !format.equals("json") && !format.equals("html")) {
        throw bad("--format must be table, json or html, got '" + format + "'");
      }
      Instant end = to == null ? Instant.now() : instant(to, "--to");
      Instant start = from == null ? end.minus(last) : instant(from, "--from");
      if (accessKey == null || secretKey == null) {
        throw bad("the store's credentials are missing: set TELEMETRY_S3_ACCESS_KEY and TELEMETRY_S3_SECRET_KEY");
      }
      ObjectStore store;
      TelemetryReader.Builder rb = TelemetryReader.builder();
      try {
        store = ObjectStore.builder().endpoint(require(endpoint)).bucket(require(bucket)).region(region)
            .credentials(accessKey, secretKey).build();
        for (String s : slos) {
          int eq = s.indexOf('=');
          if (eq < 1) {
            throw bad("--slo is intent=percent, got '" + s + "'");
          }
          rb.slo(s.substring(0, eq), Slo.percent(percent(s.substring(eq + 1))));
        }
        rb.defaultSlo(Slo.percent(defaultSlo));
      } catch (IllegalArgumentException e) {
        throw bad(String.valueOf(e.getMessage()));
      }
      try (TelemetryReader reader = rb.store(store).build()) {
        TelemetryReport report = reader.report(venue, start, end);
        String text = switch (format) {
          case "json" -> report.json() + "\n";
          case "html" -> report.html();
          default -> report.table();
        };
        if (out != null) {
          Files.writeString(out, text, StandardCharsets.UTF_8);
          stdout.println("wrote " + out);
        } else {
          stdout.print(text);
          stdout.flush();
        }
        return report.breached() ? PlaneCli.DEGRADED : PlaneCli.OK;
      } catch (IllegalArgumentException e) {
        throw bad(String.valueOf(e.getMessage()));
      } catch (TelemetryException e) {
        err.println("plane: " + e.getMessage());
        return e.isRetryable() ? PlaneCli.UNREACHABLE : PlaneCli.REJECTED;
      } catch (IOException e) {
        err.println("plane: cannot write " + out + " (" + e.getMessage() + ")");
        return PlaneCli.REJECTED;
      }
    }

    private static <T> T require(@Nullable T value) {
      if (value == null) {
        throw new IllegalArgumentException("the store's endpoint and bucket are required");
      }
      return value;
    }

    private double percent(String s) {
      try {
        return Double.parseDouble(s);
      } catch (NumberFormatException e) {
        throw bad("an SLO is a percentage like 99.9, got '" + s + "'");
      }
    }

    private Instant instant(String s, String option) {
      try {
        return Instant.parse(s);
      } catch (DateTimeParseException e) {
        throw bad(option + " must be an ISO instant like 2026-12-06T14:00:00Z, got '" + s + "'");
      }
    }
  }

  /** Converts {@code 30m}, {@code 6h}, {@code 2d}. */
  static final class Minutes implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      String v = value.trim();
      if (v.matches("[0-9]{1,5}[mhd]")) {
        long n = Long.parseLong(v.substring(0, v.length() - 1));
        return switch (v.charAt(v.length() - 1)) {
          case 'm' -> Duration.ofMinutes(n);
          case 'h' -> Duration.ofHours(n);
          default -> Duration.ofDays(n);
        };
      }
      throw new CommandLine.TypeConversionException("a range is like 30m, 6h or 2d, got '" + value + "'");
    }
  }
}
