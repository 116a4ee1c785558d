package dev.microevent.slices.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.microevent.core.ResponseMappingException;
import dev.microevent.core.internal.Json;
import dev.microevent.slices.camara.ApplicationServer;
import dev.microevent.slices.camara.DataRate;
import dev.microevent.slices.camara.Device;
import dev.microevent.slices.camara.GeoPoint;
import dev.microevent.slices.camara.NotificationSink;
import dev.microevent.slices.camara.PortsSpec;
import dev.microevent.slices.camara.QosProfile;
import dev.microevent.slices.camara.QosProfileName;
import dev.microevent.slices.camara.QosProfileQuery;
import dev.microevent.slices.camara.QosProfileStatus;
import dev.microevent.slices.camara.QosSession;
import dev.microevent.slices.camara.QosSessionId;
import dev.microevent.slices.camara.QosSessionRequest;
import dev.microevent.slices.camara.QosStatus;
import dev.microevent.slices.camara.QosStatusInfo;
import dev.microevent.slices.camara.ServiceArea;
import dev.microevent.slices.camara.SliceBooking;
import dev.microevent.slices.camara.SliceBookingId;
import dev.microevent.slices.camara.SliceBookingRequest;
import dev.microevent.slices.camara.SliceQosRequirements;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The CAMARA wire shapes (field names exactly as in the official OpenAPI files) and their mapping
 * to and from the public model. Responses are validated while mapped: a missing required field, a
 * {@code null} where an object belongs, an unknown enum value or a value the model refuses becomes
 * a {@link ResponseMappingException}, and nothing else escapes ({@code read*} are the entry points
 * for answer bodies).
 */
final class CamaraWire {
  private CamaraWire() {}

  // ---------------------------------------------------------------- shared shapes

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record DeviceDto(@Nullable String phoneNumber, @Nullable String networkAccessIdentifier,
      @Nullable Ipv4Dto ipv4Address, @Nullable String ipv6Address) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Ipv4Dto(@Nullable String publicAddress, @Nullable String privateAddress, @Nullable Integer publicPort) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record AppServerDto(@Nullable String ipv4Address, @Nullable String ipv6Address) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record PortsDto(@Nullable List<RangeDto> ranges, @Nullable List<Integer> ports) {}

  record RangeDto(int from, int to) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record RateDto(@Nullable Integer value, @Nullable String unit) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record DurationDto(@Nullable Integer value, @Nullable String unit) {}

  record ErrorInfoDto(@Nullable Integer status, @Nullable String code, @Nullable String message) {}

  // ---------------------------------------------------------------- QoD

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record SinkCredentialDto(String credentialType, String accessToken, Instant accessTokenExpiresUtc,
      String accessTokenType) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record CreateSessionDto(@Nullable DeviceDto device, AppServerDto applicationServer, @Nullable PortsDto devicePorts,
      @Nullable PortsDto applicationServerPorts, String qosProfile, @Nullable String sink,
      @Nullable SinkCredentialDto sinkCredential, int duration) {}

  record SessionInfoDto(@Nullable DeviceDto device, @Nullable AppServerDto applicationServer,
      @Nullable PortsDto devicePorts, @Nullable PortsDto applicationServerPorts, @Nullable String qosProfile,
      @Nullable String sink, @Nullable String sessionId, @Nullable Integer duration, @Nullable Instant startedAt,
      @Nullable Instant expiresAt, @Nullable String qosStatus, @Nullable String statusInfo) {}

  record ExtendDto(int requestedAdditionalDuration) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record RetrieveSessionsDto(@Nullable DeviceDto device) {}

  // ---------------------------------------------------------------- profiles

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record ProfileQueryDto(@Nullable DeviceDto device, @Nullable String name, @Nullable String status) {}

  record QosProfileDto(@Nullable String name, @Nullable String description, @Nullable String status,
      @Nullable RateDto targetMinUpstreamRate, @Nullable RateDto maxUpstreamRate,
      @Nullable RateDto targetMinDownstreamRate, @Nullable RateDto maxDownstreamRate,
      @Nullable DurationDto minDuration, @Nullable DurationDto maxDuration, @Nullable Integer priority,
      @Nullable DurationDto packetDelayBudget, @Nullable DurationDto jitter, @Nullable Integer packetErrorLossRate,
      @Nullable String serviceClass) {}

  // ---------------------------------------------------------------- booking

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record TimePeriodDto(@Nullable Instant startDate, @Nullable Instant endDate) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record PointDto(@Nullable Double latitude, @Nullable Double longitude) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record AreaDto(@Nullable String areaType, @Nullable PointDto center, @Nullable Double radius,
      @Nullable List<PointDto> boundary) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record SliceQosDto(@Nullable Integer maxNumOfDevices, @Nullable RateDto downStreamRatePerDevice,
      @Nullable RateDto upStreamRatePerDevice, @Nullable DurationDto downStreamDelayBudget,
      @Nullable DurationDto upStreamDelayBudget) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record BookingDto(@Nullable TimePeriodDto serviceTime, @Nullable AreaDto serviceArea,
      @Nullable SliceQosDto sliceQosProfile, @Nullable String sessionId) {}

  // ---------------------------------------------------------------- notifications

  record CloudEventDto(@Nullable String id, @Nullable String source, @Nullable String specversion,
      @Nullable String type, @Nullable String time, @Nullable EventDataDto data) {}

  record EventDataDto(@Nullable String sessionId, @Nullable String qosStatus, @Nullable String statusInfo) {}

  // ================================================================ to the wire

  static @Nullable DeviceDto device(@Nullable Device d) {
    if (d == null) {
      return null;
    }
    Ipv4Dto v4 = d.ipv4PublicAddress().isEmpty() ? null : new Ipv4Dto(d.ipv4PublicAddress().get(),
        d.ipv4PrivateAddress().orElse(null), d.ipv4PublicPort().orElse(null));
    return new DeviceDto(d.phoneNumber().orElse(null), null, v4, d.ipv6Address().orElse(null));
  }

  static AppServerDto appServer(ApplicationServer s) {
    return new AppServerDto(s.ipv4Address(), s.ipv6Address());
  }

  static @Nullable PortsDto ports(@Nullable PortsSpec p) {
    if (p == null) {
      return null;
    }
    List<RangeDto> ranges = p.ranges().stream().map(r -> new RangeDto(r.from(), r.to())).toList();
    return new PortsDto(ranges.isEmpty() ? null : ranges, p.ports().isEmpty() ? null : p.ports());
  }

  static CreateSessionDto createSession(QosSessionRequest r) {
    NotificationSink sink = r.sink().orElse(null);
    return new CreateSessionDto(device(r.device().orElse(null)), appServer(r.applicationServer()),
        ports(r.devicePorts().orElse(null)), ports(r.applicationServerPorts().orElse(null)), r.qosProfile().value(),
        sink == null ? null : sink.uri().toString(),
        sink == null ? null : new SinkCredentialDto("ACCESSTOKEN", sink.accessToken(),
            sink.accessTokenExpiresAt().truncatedTo(ChronoUnit.SECONDS), "bearer"),
        (int) r.duration().toSeconds());
  }

  static ProfileQueryDto profileQuery(QosProfileQuery q) {
    return new ProfileQueryDto(device(q.device()), q.name() == null ? null : q.name().value(),
        q.status() == null ? null : q.status().name());
  }

  static RateDto rate(DataRate r) {
    return new RateDto(r.value(), r.unit().wireName());
  }

  static BookingDto booking(SliceBookingRequest r) {
    AreaDto area;
    if (r.area() instanceof ServiceArea.Circle c) {
      area = new AreaDto("CIRCLE", point(c.center()), c.radiusMeters(), null);
    } else if (r.area() instanceof ServiceArea.Polygon p) {
      area = new AreaDto("POLYGON", null, null, p.boundary().stream().map(CamaraWire::point).toList());
    } else {
      throw new IllegalArgumentException("unknown area type " + r.area());
    }
    SliceQosRequirements q = r.qos();
    SliceQosDto qos = new SliceQosDto(q.maxDevices(),
        q.downstreamRatePerDevice() == null ? null : rate(q.downstreamRatePerDevice()),
        q.upstreamRatePerDevice() == null ? null : rate(q.upstreamRatePerDevice()),
        millis(q.downstreamDelayBudget()), millis(q.upstreamDelayBudget()));
    return new BookingDto(new TimePeriodDto(r.start().truncatedTo(ChronoUnit.SECONDS),
        r.end() == null ? null : r.end().truncatedTo(ChronoUnit.SECONDS)), area, qos, null);
  }

  private static PointDto point(GeoPoint p) {
    return new PointDto(p.latitude(), p.longitude());
  }

  private static @Nullable DurationDto millis(@Nullable Duration d) {
    return d == null ? null : new DurationDto(Math.toIntExact(d.toMillis()), "Milliseconds");
  }

  // ================================================================ from the wire

  private static <T> T required(@Nullable T value, String what) {
    if (value == null) {
      throw new ResponseMappingException("the operator's answer lacks the required field " + what, null);
    }
    return value;
  }

  /**
   * Builds a model value from the answer; whatever the model refuses (its constructors check their
   * arguments with {@code IllegalArgumentException}s, {@code requireNonNull}s and range
   * arithmetic) is a malformed answer.
   */
  private static <T> T field(String what, Function<String, T> parse, String raw) {
    try {
      return parse.apply(raw);
    } catch (IllegalArgumentException | IllegalStateException | NullPointerException | ArithmeticException
        | DateTimeException e) {
      throw new ResponseMappingException("the operator's answer has an invalid " + what + ": " + e.getMessage(), e);
    }
  }

  private static <E extends Enum<E>> E enumValue(Class<E> type, String what, String raw) {
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(raw)) {
        return e;
      }
    }
    throw new ResponseMappingException("the operator's answer has an unknown " + what + " '"
        + (raw.length() > 40 ? raw.substring(0, 40) : raw) + "'", null);
  }

  static QosSession session(SessionInfoDto d) {
    QosSessionId id = field("sessionId", QosSessionId::parse, required(d.sessionId(), "sessionId"));
    int seconds = required(d.duration(), "duration");
    if (seconds < 0) {
      throw new ResponseMappingException("the operator's answer has a negative duration", null);
    }
    AppServerDto as = required(d.applicationServer(), "applicationServer");
    ApplicationServer server = field("applicationServer", x -> new ApplicationServer(as.ipv4Address(),
        as.ipv6Address()), "");
    QosStatusInfo info = d.statusInfo() == null ? null : enumValue(QosStatusInfo.class, "statusInfo", d.statusInfo());
    return new QosSession(id, field("qosProfile", QosProfileName::of, required(d.qosProfile(), "qosProfile")),
        server, deviceOf(d.device()), Duration.ofSeconds(seconds), d.startedAt(), d.expiresAt(),
        enumValue(QosStatus.class, "qosStatus", required(d.qosStatus(), "qosStatus")), info);
  }

  private static @Nullable Device deviceOf(@Nullable DeviceDto d) {
    if (d == null) {
      return null;
    }
    try {
      Device.Builder b = Device.builder();
      if (d.phoneNumber() != null) {
        b.phoneNumber(d.phoneNumber());
      }
      Ipv4Dto v4 = d.ipv4Address();
      if (v4 != null && v4.publicAddress() != null) {
        if (v4.privateAddress() != null) {
          b.ipv4(v4.publicAddress(), v4.privateAddress());
        } else if (v4.publicPort() != null) {
          b.ipv4(v4.publicAddress(), v4.publicPort());
        }
      }
      if (d.ipv6Address() != null) {
        b.ipv6(d.ipv6Address());
      }
      return b.build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      // The device echo is informative only; an identifier we cannot model is dropped, not fatal.
      return null;
    }
  }

  /** Maps each entry of a list answer; a {@code null} entry is malformed. */
  private static <D, T> List<T> each(D[] dtos, String what, Function<D, T> map) {
    List<T> out = new ArrayList<>(dtos.length);
    for (D d : dtos) {
      out.add(map.apply(required(d, what)));
    }
    return List.copyOf(out);
  }

  /** A session answer ({@code SessionInfo}). */
  static QosSession readSession(byte[] body) {
    return session(Json.read(body, SessionInfoDto.class));
  }

  /** A list of sessions ({@code retrieve-sessions}). */
  static List<QosSession> readSessions(byte[] body) {
    return each(Json.read(body, SessionInfoDto[].class), "session", CamaraWire::session);
  }

  /** A profile answer ({@code QosProfile}). */
  static QosProfile readProfile(byte[] body) {
    return profile(Json.read(body, QosProfileDto.class));
  }

  /** A list of profiles ({@code retrieve-qos-profiles}). */
  static List<QosProfile> readProfiles(byte[] body) {
    return each(Json.read(body, QosProfileDto[].class), "profile", CamaraWire::profile);
  }

  /** A slice booking answer. */
  static SliceBooking readBooking(byte[] body) {
    return booking(Json.read(body, BookingDto.class));
  }

  static @Nullable Duration duration(@Nullable DurationDto d) {
    if (d == null) {
      return null;
    }
    long v = required(d.value(), "duration value");
    String unit = required(d.unit(), "duration unit");
    return switch (unit) {
      case "Days" -> Duration.ofDays(v);
      case "Hours" -> Duration.ofHours(v);
      case "Minutes" -> Duration.ofMinutes(v);
      case "Seconds" -> Duration.ofSeconds(v);
      case "Milliseconds" -> Duration.ofMillis(v);
      case "Microseconds" -> Duration.of(v, ChronoUnit.MICROS);
      case "Nanoseconds" -> Duration.ofNanos(v);
      default -> throw new ResponseMappingException("the operator's answer has an unknown time unit", null);
    };
  }

  static @Nullable DataRate rate(@Nullable RateDto d) {
    if (d == null) {
      return null;
    }
    String unit = required(d.unit(), "rate unit");
    for (DataRate.Unit u : DataRate.Unit.values()) {
      if (u.wireName().equals(unit)) {
        int value = required(d.value(), "rate value");
        return field("rate", x -> new DataRate(value, u), unit);
      }
    }
    throw new ResponseMappingException("the operator's answer has an unknown rate unit", null);
  }

  static QosProfile profile(QosProfileDto d) {
    return field("profile", x -> new QosProfile(field("name", QosProfileName::of, required(d.name(), "name")), d.description(),
        enumValue(QosProfileStatus.class, "status", required(d.status(), "status")), d.priority(),
        duration(d.packetDelayBudget()), duration(d.jitter()), d.packetErrorLossRate(), duration(d.minDuration()),
        duration(d.maxDuration()), rate(d.targetMinUpstreamRate()), rate(d.maxUpstreamRate()),
        rate(d.targetMinDownstreamRate()), rate(d.maxDownstreamRate()), d.serviceClass()), "");
  }

  static SliceBooking booking(BookingDto d) {
    SliceBookingId id = field("sessionId", s -> new SliceBookingId(UUID.fromString(s)),
        required(d.sessionId(), "sessionId"));
    TimePeriodDto t = required(d.serviceTime(), "serviceTime");
    AreaDto a = required(d.serviceArea(), "serviceArea");
    SliceQosDto q = d.sliceQosProfile() == null ? new SliceQosDto(null, null, null, null, null) : d.sliceQosProfile();
    String areaType = required(a.areaType(), "serviceArea.areaType");
    ServiceArea area = field("serviceArea", x -> switch (areaType) {
      case "CIRCLE" -> ServiceArea.circle(geo(required(a.center(), "center")), required(a.radius(), "radius"));
      case "POLYGON" -> new ServiceArea.Polygon(required(a.boundary(), "boundary").stream()
          .map(p -> geo(required(p, "serviceArea.boundary point"))).toList());
      default -> throw new IllegalArgumentException("unknown area type");
    }, areaType);
    SliceQosRequirements qos = field("sliceQosProfile", x -> new SliceQosRequirements(q.maxNumOfDevices(),
        rate(q.downStreamRatePerDevice()), rate(q.upStreamRatePerDevice()), duration(q.downStreamDelayBudget()),
        duration(q.upStreamDelayBudget())), "");
    Instant start = required(t.startDate(), "serviceTime.startDate");
    return new SliceBooking(id, field("serviceTime", x -> new SliceBookingRequest(start, t.endDate(), area, qos), ""));
  }

  private static GeoPoint geo(PointDto p) {
    return field("point", x -> new GeoPoint(required(p.latitude(), "latitude"), required(p.longitude(), "longitude")),
        "");
  }
}
