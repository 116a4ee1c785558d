package dev.microevent.slices.internal;

import dev.microevent.slices.camara.Device;
import dev.microevent.slices.camara.QodClient;
import dev.microevent.slices.camara.QosProfile;
import dev.microevent.slices.camara.QosProfileName;
import dev.microevent.slices.camara.QosProfileQuery;
import dev.microevent.slices.camara.QosProfilesClient;
import dev.microevent.slices.camara.QosSession;
import dev.microevent.slices.camara.QosSessionId;
import dev.microevent.slices.camara.QosSessionRequest;
import dev.microevent.slices.camara.SliceBooking;
import dev.microevent.slices.camara.SliceBookingClient;
import dev.microevent.slices.camara.SliceBookingId;
import dev.microevent.slices.camara.SliceBookingRequest;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The three CAMARA API clients over one {@link CamaraHttp}. */
final class CamaraClients {
  static final String QOD = "quality-on-demand/v1";
  static final String PROFILES = "qos-profiles/v1";
  static final String BOOKING = "network-slice-booking/v0.1";

  private CamaraClients() {}

  /** Quality-on-Demand 1.1.0. */
  static final class Qod implements QodClient {
    private final CamaraHttp http;

    Qod(CamaraHttp http) {
      this.http = http;
    }

    @Override
    public QosSession create(QosSessionRequest request) {
      Objects.requireNonNull(request, "request");
      return CamaraWire.readSession(http.exchange("qod", "createSession", "POST", http.url(QOD, "sessions"),
          CamaraWire.createSession(request)));
    }

    @Override
    public QosSession get(QosSessionId id) {
      Objects.requireNonNull(id, "id");
      return CamaraWire.readSession(http.exchange("qod", "getSession", "GET", http.url(QOD, "sessions", id.toString()),
          null));
    }

    @Override
    public QosSession extend(QosSessionId id, Duration additional) {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(additional, "additional");
      if (additional.compareTo(Duration.ofSeconds(1)) < 0
          || !additional.equals(additional.truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
          || additional.compareTo(QosSessionRequest.MAX_DURATION) > 0) {
        throw new IllegalArgumentException("additional duration must be whole seconds within 1 s.."
            + QosSessionRequest.MAX_DURATION.toSeconds() + " s, got " + additional);
      }
      return CamaraWire.readSession(http.exchange("qod", "extendQosSessionDuration", "POST",
          http.url(QOD, "sessions", id.toString(), "extend"), new CamaraWire.ExtendDto((int) additional.toSeconds())));
    }

    @Override
    public void delete(QosSessionId id) {
      Objects.requireNonNull(id, "id");
      var unused = http.exchange("qod", "deleteSession", "DELETE", http.url(QOD, "sessions", id.toString()), null);
    }

    @Override
    public List<QosSession> retrieveByDevice(@Nullable Device device) {
      return CamaraWire.readSessions(http.exchange("qod", "retrieveSessionsByDevice", "POST",
          http.url(QOD, "retrieve-sessions"), new CamaraWire.RetrieveSessionsDto(CamaraWire.device(device))));
    }
  }

  /** QoS Profiles 1.1.0. */
  static final class Profiles implements QosProfilesClient {
    private final CamaraHttp http;

    Profiles(CamaraHttp http) {
      this.http = http;
    }

    @Override
    public List<QosProfile> retrieve(QosProfileQuery query) {
      Objects.requireNonNull(query, "query");
      return CamaraWire.readProfiles(http.exchange("qos_profiles", "retrieveQoSProfiles", "POST",
          http.url(PROFILES, "retrieve-qos-profiles"), CamaraWire.profileQuery(query)));
    }

    @Override
    public QosProfile get(QosProfileName name) {
      Objects.requireNonNull(name, "name");
      return CamaraWire.readProfile(http.exchange("qos_profiles", "getQosProfile", "GET",
          http.url(PROFILES, "qos-profiles", name.value()), null));
    }
  }

  /** Network Slice Booking 0.1.0. */
  static final class Booking implements SliceBookingClient {
    private final CamaraHttp http;

    Booking(CamaraHttp http) {
      this.http = http;
    }

    @Override
    public SliceBooking book(SliceBookingRequest request) {
      Objects.requireNonNull(request, "request");
      return CamaraWire.readBooking(http.exchange("slice_booking", "createSession", "POST",
          http.url(BOOKING, "sessions"), CamaraWire.booking(request)));
    }

    @Override
    public SliceBooking get(SliceBookingId id) {
      Objects.requireNonNull(id, "id");
      return CamaraWire.readBooking(http.exchange("slice_booking", "getSession", "GET",
          http.url(BOOKING, "sessions", id.toString()), null));
    }

    @Override
    public void delete(SliceBookingId id) {
      Objects.requireNonNull(id, "id");
      var unused = http.exchange("slice_booking", "deleteSession", "DELETE",
          http.url(BOOKING, "sessions", id.toString()), null);
    }
  }
}
