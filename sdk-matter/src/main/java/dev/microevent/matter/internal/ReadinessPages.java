package dev.microevent.matter.internal;

import dev.microevent.core.Criticality;
import dev.microevent.matter.DeviceReadiness;
import dev.microevent.matter.ReadinessReport;
import dev.microevent.matter.ReadinessStatus;
import dev.microevent.matter.Room;
import java.util.List;
import java.util.Locale;

/**
 * Writes a {@link ReadinessReport} as console text and as a self-contained HTML page: no script,
 * no outside resource, a Content-Security-Policy that forbids both, every manifest text escaped.
 * Thread-safe (stateless).
 */
public final class ReadinessPages {
  private ReadinessPages() {}

  /**
   * The console text.
   *
   * @param r the report
   * @return lines ending in {@code \n}
   */
  public static String text(ReadinessReport r) {
    StringBuilder out = new StringBuilder();
    out.append("Pre-flight at ").append(r.checkedAt()).append(", controller ")
        .append(r.manifest().controller().uri()).append(": ").append(verdict(r)).append('\n');
    out.append("  ").append(summary(r)).append('\n');
    int width = 8;
    for (DeviceReadiness d : r.devices()) {
      width = Math.max(width, d.device().id().value().length());
    }
    for (Room room : r.manifest().rooms()) {
      out.append('\n').append("Room ").append(room.id());
      if (!room.name().equals(room.id().value())) {
        out.append(" (").append(oneLine(room.name())).append(')');
      }
      out.append('\n');
      for (DeviceReadiness d : r.room(room.id())) {
        out.append(String.format(Locale.ROOT, "  %-" + width + "s  %-13s  %-14s  %s%n", d.device().id(),
            ManifestCodec.roleName(d.device().role()), d.status(), oneLine(d.detail())));
      }
    }
    return out.toString();
  }

  /**
   * The HTML page.
   *
   * @param r the report
   * @return the page
   */
  public static String html(ReadinessReport r) {
    boolean ready = r.readyToOpen();
    StringBuilder out = new StringBuilder(4096);
    out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>Room readiness: ").append(ready ? "ready to open" : "not ready").append("</title>\n")
        .append("<style>\n")
        .append("body{font-family:system-ui,sans-serif;margin:2rem;color:#222}\n")
        .append("h1.ready{color:#1a7f37}h1.blocked{color:#b42318}\n")
        .append("table{border-collapse:collapse;width:100%;margin-bottom:1.5rem}\n")
        .append("th,td{border-bottom:1px solid #ddd;padding:.4rem .6rem;text-align:left;vertical-align:top}\n")
        .append("td.status{font-weight:600}\n")
        .append(".status-ready td.status,.status-commissioned td.status{color:#1a7f37}\n")
        .append(".status-missing td.status,.status-unreachable td.status{color:#b42318}\n")
        .append(".status-wrong_firmware td.status{color:#9a6700}\n")
        .append("tr.blocking{background:#fdecea}\n")
        .append("small{color:#666;font-weight:normal}\n")
        .append("</style>\n</head>\n<body>\n");
    out.append("<h1 id=\"verdict\" class=\"").append(ready ? "ready" : "blocked").append("\" data-ready=\"")
        .append(ready).append("\">").append(esc(verdict(r))).append("</h1>\n");
    out.append("<p id=\"checked\">Checked at ").append(esc(r.checkedAt().toString())).append(" through the controller ")
        .append(esc(r.manifest().controller().uri().toString())).append("</p>\n");
    out.append("<p id=\"summary\">").append(esc(summary(r))).append("</p>\n");
    for (Room room : r.manifest().rooms()) {
      out.append("<section class=\"room\" id=\"room-").append(esc(room.id().value())).append("\" data-room=\"")
          .append(esc(room.id().value())).append("\">\n<h2>").append(esc(room.name())).append(" <small>")
          .append(esc(room.id().value())).append("</small></h2>\n");
      out.append("<table>\n<thead><tr><th>Device</th><th>Role</th><th>Status</th><th>Node</th><th>Detail</th></tr>"
          + "</thead>\n<tbody>\n");
      for (DeviceReadiness d : r.room(room.id())) {
        String status = d.status().name();
        out.append("<tr id=\"device-").append(esc(d.device().id().value())).append("\" data-device=\"")
            .append(esc(d.device().id().value())).append("\" data-role=\"").append(ManifestCodec.roleName(d.device().role()))
            .append("\" data-status=\"").append(status).append("\" class=\"status-")
            .append(status.toLowerCase(Locale.ROOT)).append(d.blocksOpening() ? " blocking" : "").append("\">");
        out.append("<td>").append(esc(d.device().name())).append(" <small>").append(esc(d.device().id().value()))
            .append("</small></td>");
        out.append("<td class=\"role\">").append(ManifestCodec.roleName(d.device().role())).append("</td>");
        out.append("<td class=\"status\">").append(label(d.status())).append("</td>");
        out.append("<td class=\"node\">").append(d.nodeId() == null ? "&ndash;" : esc(String.valueOf(d.nodeId())))
            .append("</td>");
        out.append("<td class=\"detail\">").append(esc(d.detail())).append("</td></tr>\n");
      }
      out.append("</tbody>\n</table>\n</section>\n");
    }
    out.append("</body>\n</html>\n");
    return out.toString();
  }

  private static String verdict(ReadinessReport r) {
    List<DeviceReadiness> blocking = r.blocking();
    if (blocking.isEmpty()) {
      return "READY to open";
    }
    return "NOT READY to open: " + blocking.size() + " critical device" + (blocking.size() == 1 ? "" : "s")
        + " not ready (" + String.join(", ", blocking.stream().map(d -> d.device().id().value()).toList()) + ")";
  }

  private static String summary(ReadinessReport r) {
    long critical = r.devices().stream().filter(d -> d.device().role() == Criticality.CRITICAL).count();
    return r.devices().size() + " devices (" + critical + " critical): " + r.count(ReadinessStatus.READY) + " ready, "
        + r.count(ReadinessStatus.COMMISSIONED) + " commissioned now, " + r.count(ReadinessStatus.MISSING)
        + " missing, " + r.count(ReadinessStatus.UNREACHABLE) + " unreachable, "
        + r.count(ReadinessStatus.WRONG_FIRMWARE) + " on the wrong firmware";
  }

  private static String label(ReadinessStatus s) {
    return switch (s) {
      case READY -> "ready";
      case COMMISSIONED -> "commissioned now";
      case MISSING -> "missing";
      case UNREACHABLE -> "unreachable";
      case WRONG_FIRMWARE -> "wrong firmware";
    };
  }

  /** Control characters (a newline in a server's error text) would break the console layout. */
  private static String oneLine(String s) {
    return s.codePoints().map(c -> Character.isISOControl(c) ? ' ' : c)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
  }

  /** Escapes text for HTML content and double- or single-quoted attributes. */
  static String esc(String s) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
