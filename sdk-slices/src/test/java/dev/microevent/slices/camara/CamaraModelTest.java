package dev.microevent.slices.camara;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CAMARA model types refuse what the official schemas refuse, before anything is sent. */
class CamaraModelTest {

  @Test
  void sessionDurationsAreWholeSecondsWithinTheInt32Range() {
    QosSessionRequest.Builder b = CamaraFixture.request();

    assertThatThrownBy(() -> b.duration(Duration.ZERO)).hasMessageContaining("whole seconds");
    assertThatThrownBy(() -> b.duration(Duration.ofMillis(1500))).hasMessageContaining("whole seconds");
    assertThatThrownBy(() -> b.duration(Duration.ofSeconds(Integer.MAX_VALUE + 1L))).hasMessageContaining("1 s..");
    assertThat(b.duration(Duration.ofSeconds(1)).build().duration()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void requestsRoundTripThroughTheirBuilder() {
    QosSessionRequest r = CamaraFixture.request().devicePorts(PortsSpec.range(5000, 5010)).build();

    assertThat(r.toBuilder().build()).isEqualTo(r).hasSameHashCodeAs(r);
    assertThat(r.withDuration(Duration.ofMinutes(2)).duration()).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void devicesNeedAValidIdentifier_andNeverPrintIt() {
    Device d = Device.phoneNumber("+4915112345678");

    assertThat(d.toString()).doesNotContain("4915112345678");
    assertThatThrownBy(() -> Device.phoneNumber("015112345678")).hasMessageContaining("E.164");
    assertThatThrownBy(() -> Device.builder().ipv4("300.1.1.1", 5)).hasMessageContaining("IPv4");
    assertThatThrownBy(() -> Device.builder().ipv4("203.0.113.7", 70000)).hasMessageContaining("0..65535");
    assertThatThrownBy(() -> Device.builder().ipv6("not-an-address")).hasMessageContaining("IPv6");
    assertThatThrownBy(() -> Device.builder().build()).hasMessageContaining("at least one");
  }

  @Test
  void addressesPortsAndProfileNamesFollowTheSchemaPatterns() {
    assertThat(ApplicationServer.ipv4("198.51.100.0/24").ipv4Address()).isEqualTo("198.51.100.0/24");
    assertThatThrownBy(() -> ApplicationServer.ipv4("198.51.100.0/33")).hasMessageContaining("IPv4");
    assertThatThrownBy(() -> new ApplicationServer(null, null)).hasMessageContaining("IPv4 or IPv6");
    assertThatThrownBy(() -> PortsSpec.range(10, 5)).hasMessageContaining("above its end");
    assertThatThrownBy(() -> new PortsSpec(List.of(), List.of())).hasMessageContaining("at least one");
    assertThatThrownBy(() -> QosProfileName.of("QO")).hasMessageContaining("3..256");
    assertThatThrownBy(() -> QosProfileName.of("QOS L")).hasMessageContaining("[a-zA-Z0-9_.-]");
  }

  @Test
  void sinksMustBeHttps_andTheirTokensStayOutOfToString() {
    NotificationSink sink = new NotificationSink(URI.create("https://app.example.com/events"), "s3cr3t",
        Instant.parse("2026-06-02T00:00:00Z"));

    assertThat(sink.toString()).doesNotContain("s3cr3t");
    assertThatThrownBy(() -> new NotificationSink(URI.create("http://app.example.com/events"), "t", Instant.EPOCH))
        .hasMessageContaining("https");
  }

  @Test
  void bookingValuesFollowTheNsbLimits() {
    assertThatThrownBy(() -> new DataRate(2000, DataRate.Unit.MBPS)).hasMessageContaining("0..1024");
    assertThatThrownBy(() -> new SliceQosRequirements(21, null, null, null, null)).hasMessageContaining("1..20");
    assertThatThrownBy(() -> new SliceQosRequirements(null, null, null, Duration.ofNanos(10), null))
        .hasMessageContaining("whole milliseconds");
    assertThatThrownBy(() -> new SliceQosRequirements(null, null, null, null, Duration.ofDays(30)))
        .as("int32 milliseconds on the wire").hasMessageContaining("whole milliseconds");
    assertThatThrownBy(() -> new SliceQosRequirements(null, null, null, Duration.ofDays(365L * 300), null))
        .as("too long for nanoseconds, still a clear refusal").hasMessageContaining("whole milliseconds");
    assertThat(new SliceQosRequirements(null, null, null, SliceQosRequirements.MAX_DELAY_BUDGET, null)
        .downstreamDelayBudget()).isEqualTo(Duration.ofMillis(Integer.MAX_VALUE));
    assertThatThrownBy(() -> new ServiceArea.Polygon(List.of(new GeoPoint(0, 0), new GeoPoint(1, 1))))
        .hasMessageContaining("3..15");
    assertThatThrownBy(() -> new GeoPoint(91, 0)).hasMessageContaining("-90..90");
    assertThatThrownBy(() -> ServiceArea.circle(new GeoPoint(0, 0), 0.5)).hasMessageContaining("1 m");
    Instant t = Instant.parse("2026-06-01T17:00:00Z");
    assertThatThrownBy(() -> new SliceBookingRequest(t, t, ServiceArea.circle(new GeoPoint(0, 0), 5),
        new SliceQosRequirements(null, null, null, null, null))).hasMessageContaining("after its start");
  }

  @Test
  void camaraConfigNeedsCredentials_andRedactsTheSecret() {
    CamaraConfig c = CamaraConfig.builder(URI.create("https://api.operator.example"))
        .clientCredentials(URI.create("https://auth.operator.example/token"), "app", "hunter2").build();

    assertThat(c.toString()).doesNotContain("hunter2");
    assertThat(c.scopes()).contains("quality-on-demand:sessions:create", "qos-profiles:read");
    assertThatThrownBy(() -> CamaraConfig.builder(URI.create("https://api.operator.example")).build())
        .hasMessageContaining("client credentials");
    assertThatThrownBy(() -> CamaraConfig.builder(URI.create("ftp://api.operator.example")))
        .hasMessageContaining("http(s)");
  }

  @Test
  void reservationsValidateTheirTimings() {
    QosSessionRequest template = CamaraFixture.request().build();

    assertThatThrownBy(() -> QosReservation.builder("Stage Uplink", template, Instant.EPOCH))
        .hasMessageContaining("reservation name");
    assertThatThrownBy(() -> QosReservation.builder("stage", template, Instant.EPOCH).extendAhead(Duration.ZERO))
        .hasMessageContaining("positive");
    assertThatThrownBy(() -> QosReservation.builder("stage", template, Instant.EPOCH).maxRetries(11))
        .hasMessageContaining("0..10");
  }

  @Test
  void theCallsASessionMayMakeAMinuteAreBoundedBothWays() {
    CamaraConfig.Builder b = CamaraConfig.builder(URI.create("https://api.operator.example"))
        .clientCredentials(URI.create("https://auth.operator.example/token"), "app", "secret");

    assertThat(b.build().maxSessionCallsPerMinute()).isEqualTo(CamaraConfig.DEFAULT_SESSION_CALLS_PER_MINUTE);
    assertThat(b.maxSessionCallsPerMinute(4).build().maxSessionCallsPerMinute()).isEqualTo(4);
    assertThatThrownBy(() -> b.maxSessionCallsPerMinute(3)).hasMessageContaining("4..600");
    assertThatThrownBy(() -> b.maxSessionCallsPerMinute(601)).hasMessageContaining("4..600");
  }
}
