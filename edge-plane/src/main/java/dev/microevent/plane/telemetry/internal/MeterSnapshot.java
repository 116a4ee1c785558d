package dev.microevent.plane.telemetry.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.microevent.plane.internal.PlaneJson;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Statistic;
import io.micrometer.core.instrument.Tag;
import java.time.Instant;

/** A Micrometer registry's current values as one OTLP/JSON {@code ResourceMetrics} of gauges. */
public final class MeterSnapshot {
  private MeterSnapshot() {}

  /**
   * Takes the snapshot.
   *
   * @param registry the registry
   * @param at the time stamped on every point
   * @param resource the resource's attributes, as already built
   * @return the {@code ResourceMetrics} object
   */
  public static ObjectNode of(MeterRegistry registry, Instant at, ArrayNode resource) {
    ObjectNode rm = PlaneJson.MAPPER.createObjectNode();
    rm.putObject("resource").set("attributes", resource.deepCopy());
    ArrayNode metrics = rm.putArray("scopeMetrics").addObject().putArray("metrics");
    String time = Long.toString(at.getEpochSecond() * 1_000_000_000L + at.getNano());
    for (Meter m : registry.getMeters()) {
      for (Measurement me : m.measure()) {
        double v = me.getValue();
        if (!Double.isFinite(v)) {
          continue;
        }
        String name = me.getStatistic() == Statistic.VALUE ? m.getId().getName()
            : m.getId().getName() + "." + me.getStatistic().getTagValueRepresentation();
        ObjectNode metric = metrics.addObject().put("name", name);
        String unit = m.getId().getBaseUnit();
        if (unit != null) {
          metric.put("unit", unit);
        }
        ObjectNode point = metric.putObject("gauge").putArray("dataPoints").addObject();
        point.put("timeUnixNano", time).put("asDouble", v);
        ArrayNode attrs = point.putArray("attributes");
        for (Tag t : m.getId().getTagsAsIterable()) {
          attrs.addObject().put("key", t.getKey()).putObject("value").put("stringValue", t.getValue());
        }
      }
    }
    return rm;
  }
}
