package dev.microevent.slices.camara;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microevent.core.ResponseMappingException;
import dev.microevent.core.time.VirtualTime;
import dev.microevent.testkit.camara.RecordedCamaraCall;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The CAMARA clients against the fake operator over real HTTP on loopback. */
class CamaraClientIT {
  private final CamaraFixture f = new CamaraFixture(Clock.systemUTC(), null);

  @AfterEach
  void stop() {
    f.close();
  }

  @Test
  void createsReadsExtendsListsAndDeletesAQosSession() {
    QodClient qod = f.slices.qualityOnDemand();

    QosSession created = qod.create(CamaraFixture.request().duration(Duration.ofMinutes(30)).build());
    QosSession read = qod.get(created.sessionId());
    QosSession extended = qod.extend(created.sessionId(), Duration.ofMinutes(10));
    var listed = qod.retrieveByDevice(Device.phoneNumber("+4915112345678"));
    qod.delete(created.sessionId());

    assertThat(created.status()).isEqualTo(QosStatus.AVAILABLE);
    assertThat(created.duration()).isEqualTo(Duration.ofMinutes(30));
    assertThat(created.qosProfile()).isEqualTo(QosProfileName.of("QOS_L"));
    assertThat(read.sessionId()).isEqualTo(created.sessionId());
    assertThat(extended.duration()).isEqualTo(Duration.ofMinutes(40));
    assertThat(extended.expiresAt()).isEqualTo(created.startedAt().plus(Duration.ofMinutes(40)));
    assertThat(listed).extracting(QosSession::sessionId).containsExactly(created.sessionId());
    assertThat(f.operator.openSessions()).isEmpty();
    assertThatThrownBy(() -> qod.get(created.sessionId()))
        .isInstanceOfSatisfying(CamaraNotFoundException.class, e -> assertThat(e.code()).isEqualTo("NOT_FOUND"));
    assertThat(f.operator.calls()).filteredOn(c -> c.api().equals("qod"))
        .extracting(RecordedCamaraCall::correlator).doesNotContainNull().doesNotHaveDuplicates();
  }

  @Test
  void aSecondSessionForTheSameDeviceAndFlowIsAConflict() {
    f.slices.qualityOnDemand().create(CamaraFixture.request().build());

    assertThatThrownBy(() -> f.slices.qualityOnDemand().create(CamaraFixture.request().build()))
        .isInstanceOfSatisfying(CamaraConflictException.class, e -> {
          assertThat(e.code()).isEqualTo("CONFLICT");
          assertThat(e.errorCode()).as("the neutral error code is CAMARA's").isEqualTo("CONFLICT");
          assertThat(e.source()).isEqualTo("camara");
          assertThat(e.statusCode()).isEqualTo(409);
          assertThat(e.operation()).isEqualTo("createSession");
          assertThat(e.isRetryable()).isFalse();
          assertThat(e.getMessage()).contains("409 CONFLICT").contains("delete");
        });
  }

  @Test
  void aDurationBeyondTheProfileMaximumIsRefusedWithTheQodCode() {
    f.operator.profileMaxDuration("QOS_L", Duration.ofHours(1));

    assertThatThrownBy(() -> f.slices.qualityOnDemand().create(CamaraFixture.request()
        .duration(Duration.ofHours(2)).build()))
        .isInstanceOfSatisfying(CamaraInvalidArgumentException.class,
            e -> assertThat(e.code()).isEqualTo("QUALITY_ON_DEMAND.DURATION_OUT_OF_RANGE"));
  }

  @Test
  void refetchesTheTokenOnce_whenTheOperatorExpiredIt() {
    QodClient qod = f.slices.qualityOnDemand();
    QosSession s = qod.create(CamaraFixture.request().build());
    f.operator.expireTokens();

    QosSession again = qod.get(s.sessionId());

    assertThat(again.sessionId()).isEqualTo(s.sessionId());
    assertThat(f.operator.tokensIssued()).isEqualTo(2);
    assertThat(f.operator.calls("getSession")).extracting(RecordedCamaraCall::status).containsExactly(401, 200);
  }

  @Test
  void refreshesTheTokenShortlyBeforeItExpires_onTheClientsClock_withoutARejectedCall() {
    VirtualTime time = VirtualTime.startingAt(Instant.parse("2026-06-01T17:00:00Z"));
    try (CamaraFixture v = new CamaraFixture(time.clock(), time.scheduler())) {
      v.operator.tokenLifetime(Duration.ofMinutes(10));
      QosProfilesClient profiles = v.slices.qosProfiles();

      profiles.get(QosProfileName.of("QOS_L"));
      time.advance(Duration.ofMinutes(9));
      profiles.get(QosProfileName.of("QOS_L"));
      assertThat(v.operator.tokensIssued()).as("still 60 s to go, more than the 30 s margin").isEqualTo(1);
      time.advance(Duration.ofSeconds(31));
      profiles.get(QosProfileName.of("QOS_L"));

      assertThat(v.operator.tokensIssued()).isEqualTo(2);
      assertThat(v.operator.calls("getQosProfile")).extracting(RecordedCamaraCall::status)
          .containsExactly(200, 200, 200);
    }
  }

  @Test
  void wrongClientCredentialsEndInAnUnauthenticatedErrorWithoutTheSecret() {
    CamaraConfig wrong = CamaraConfig.builder(f.operator.apiRoot())
        .clientCredentials(f.operator.tokenEndpoint(), f.operator.clientId(), "not-the-secret").build();
    try (var other = dev.microevent.slices.SlicesClient.builder().client(f.core).camara(wrong).build()) {
      assertThatThrownBy(() -> other.qosProfiles().get(QosProfileName.of("QOS_E")))
          .isInstanceOfSatisfying(CamaraUnauthenticatedException.class, e -> {
            assertThat(e.operation()).isEqualTo("token");
            assertThat(e.code()).isEqualTo("INVALID_CLIENT");
            assertThat(e.getMessage()).doesNotContain("not-the-secret");
          });
    }
    assertThat(wrong.toString()).doesNotContain("not-the-secret");
  }

  @Test
  void rateLimitsCarryTheRetryAfterDelay() {
    f.operator.failNext("createSession", 429, "TOO_MANY_REQUESTS", "Rate limit reached.", Duration.ofSeconds(20));

    assertThatThrownBy(() -> f.slices.qualityOnDemand().create(CamaraFixture.request().build()))
        .isInstanceOfSatisfying(CamaraRateLimitedException.class, e -> {
          assertThat(e.retryAfter()).contains(Duration.ofSeconds(20));
          assertThat(e.isRetryable()).isTrue();
        });
  }

  @Test
  void hostileOrMalformedAnswersBecomeTypedErrors() {
    QodClient qod = f.slices.qualityOnDemand();
    f.operator.respondNextRaw("createSession", 502, "text/html", "<html>bad gateway</html>");
    assertThatThrownBy(() -> qod.create(CamaraFixture.request().build()))
        .isInstanceOfSatisfying(CamaraException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(502);
          assertThat(e.code()).isEqualTo(CamaraException.UNKNOWN_CODE);
          assertThat(e.isRetryable()).isTrue();
        });

    f.operator.respondNextRaw("createSession", 201, "application/json", "{\"sessionId\":\"3fa85f64-5717");
    assertThatThrownBy(() -> qod.create(CamaraFixture.request().build())).isInstanceOf(ResponseMappingException.class);

    f.operator.respondNextRaw("createSession", 201, "application/json", "[".repeat(5000));
    assertThatThrownBy(() -> qod.create(CamaraFixture.request().build())).isInstanceOf(ResponseMappingException.class);

    f.operator.respondNextRaw("createSession", 201, "application/json",
        "{\"sessionId\":\"not-a-uuid\",\"duration\":60,\"qosStatus\":\"AVAILABLE\",\"qosProfile\":\"QOS_L\","
            + "\"applicationServer\":{\"ipv4Address\":\"198.51.100.7\"}}");
    assertThatThrownBy(() -> qod.create(CamaraFixture.request().build()))
        .isInstanceOf(ResponseMappingException.class).hasMessageContaining("sessionId");

    f.operator.respondNextRaw("createSession", 201, "application/json",
        "{\"sessionId\":\"3fa85f64-5717-4562-b3fc-2c963f66afa6\",\"duration\":60,\"qosStatus\":\"BOOSTED\","
            + "\"qosProfile\":\"QOS_L\",\"applicationServer\":{\"ipv4Address\":\"198.51.100.7\"}}");
    assertThatThrownBy(() -> qod.create(CamaraFixture.request().build()))
        .isInstanceOf(ResponseMappingException.class).hasMessageContaining("qosStatus");

    f.operator.respondNextRaw("createSession", 409, "application/json", "{\"status\":409,\"code\":");
    assertThatThrownBy(() -> qod.create(CamaraFixture.request().build()))
        .isInstanceOfSatisfying(CamaraConflictException.class,
            e -> assertThat(e.code()).isEqualTo(CamaraException.UNKNOWN_CODE));
    assertThat(f.operator.openSessions()).isEmpty();
  }

  @Test
  void oversizedAnswersAreRefusedAsMalformed_andErrorsKeepABoundedBody() {
    String huge = "{\"pad\":\"" + "x".repeat(5 * 1024 * 1024) + "\"}";
    f.operator.respondNextRaw("getQosProfile", 200, "application/json", huge);
    assertThatThrownBy(() -> f.slices.qosProfiles().get(QosProfileName.of("QOS_L")))
        .isInstanceOf(ResponseMappingException.class).hasMessageContaining("exceeds");

    f.operator.respondNextRaw("getQosProfile", 503, "text/plain", "y".repeat(1024 * 1024));
    assertThatThrownBy(() -> f.slices.qosProfiles().get(QosProfileName.of("QOS_L")))
        .isInstanceOfSatisfying(CamaraException.class, e -> assertThat(e.body()).hasSize(64 * 1024));

    CamaraConfig other = CamaraFixture.config(f.operator);
    try (var fresh = dev.microevent.slices.SlicesClient.builder().client(f.core).camara(other).build()) {
      f.operator.respondNextRaw("token", 200, "application/json", huge);
      assertThatThrownBy(() -> fresh.qosProfiles().get(QosProfileName.of("QOS_L")))
          .isInstanceOf(ResponseMappingException.class).hasMessageContaining("exceeds");
      assertThat(fresh.qosProfiles().get(QosProfileName.of("QOS_L")).name().value()).isEqualTo("QOS_L");
    }
  }

  @Test
  void nullEntriesInListsAndPolygons_areMalformedAnswers_notNullPointers() {
    f.operator.respondNextRaw("retrieveQoSProfiles", 200, "application/json", "[null]");
    assertThatThrownBy(() -> f.slices.qosProfiles().retrieve(QosProfileQuery.active()))
        .isInstanceOf(ResponseMappingException.class).hasMessageContaining("profile");

    SliceBookingId id = new SliceBookingId(java.util.UUID.fromString("3fa85f64-5717-4562-b3fc-2c963f66afa6"));
    f.operator.respondNextRaw("slice-booking:getSession", 200, "application/json",
        "{\"sessionId\":\"" + id + "\",\"serviceTime\":{\"startDate\":\"2026-06-01T17:00:00Z\"},"
            + "\"serviceArea\":{\"areaType\":\"POLYGON\",\"boundary\":[{\"latitude\":1,\"longitude\":2},null,"
            + "{\"latitude\":2,\"longitude\":3},{\"latitude\":3,\"longitude\":1}]}}");
    assertThatThrownBy(() -> f.slices.sliceBooking().get(id))
        .isInstanceOf(ResponseMappingException.class).hasMessageContaining("boundary");
  }

  @Test
  void tokenAnswers_clampAHugeLifetime_andRefuseATokenNoHeaderCanCarry() {
    CamaraConfig other = CamaraFixture.config(f.operator);
    try (var fresh = dev.microevent.slices.SlicesClient.builder().client(f.core).camara(other).build()) {
      for (String token : List.of("abc\\u0001def", "t\u00f6ken", "two words", "line\\nbreak")) {
        f.operator.respondNextRaw("token", 200, "application/json",
            "{\"access_token\":\"" + token + "\",\"token_type\":\"bearer\",\"expires_in\":3600}");
        assertThatThrownBy(() -> fresh.qosProfiles().get(QosProfileName.of("QOS_L"))).as(token)
            .isInstanceOf(ResponseMappingException.class).hasMessageContaining("access_token");
      }

      f.operator.respondNextRaw("token", 200, "application/json",
          "{\"access_token\":\"forged\",\"token_type\":\"bearer\",\"expires_in\":9223372036854775807}");
      assertThat(fresh.qosProfiles().get(QosProfileName.of("QOS_L")).name().value()).isEqualTo("QOS_L");
      assertThat(f.operator.calls("getQosProfile")).as("the forged token was sent, refused and replaced")
          .extracting(RecordedCamaraCall::status).containsExactly(401, 200);
    }
  }

  @Test
  void listsAndReadsQosProfiles() {
    var active = f.slices.qosProfiles().retrieve(QosProfileQuery.active());
    QosProfile l = f.slices.qosProfiles().get(QosProfileName.of("QOS_L"));

    assertThat(active).extracting(p -> p.name().value()).containsExactly("QOS_E", "QOS_S", "QOS_M", "QOS_L");
    assertThat(l.status()).isEqualTo(QosProfileStatus.ACTIVE);
    assertThat(l.maxDuration()).isEqualTo(Duration.ofHours(12));
    assertThat(l.packetDelayBudget()).isEqualTo(Duration.ofMillis(50));
    assertThat(l.maxUpstreamRate()).isEqualTo(new DataRate(20, DataRate.Unit.MBPS));
    assertThat(l.maxUpstreamRate().bitsPerSecond()).isEqualTo(20_000_000L);
    assertThatThrownBy(() -> f.slices.qosProfiles().get(QosProfileName.of("QOS_NOPE")))
        .isInstanceOf(CamaraNotFoundException.class);
  }

  @Test
  void booksReadsAndCancelsANetworkSlice() {
    Instant start = Instant.parse("2026-06-01T17:00:00Z");
    SliceBookingRequest request = new SliceBookingRequest(start, start.plus(Duration.ofHours(5)),
        ServiceArea.circle(new GeoPoint(52.52, 13.405), 300),
        new SliceQosRequirements(20, new DataRate(50, DataRate.Unit.MBPS), new DataRate(20, DataRate.Unit.MBPS),
            Duration.ofMillis(20), Duration.ofMillis(20)));

    SliceBooking booked = f.slices.sliceBooking().book(request);
    SliceBooking read = f.slices.sliceBooking().get(booked.id());
    f.slices.sliceBooking().delete(booked.id());

    assertThat(booked.booked()).isEqualTo(request);
    assertThat(read).isEqualTo(booked);
    assertThat(f.operator.bookings()).isEmpty();
    assertThatThrownBy(() -> f.slices.sliceBooking().get(booked.id())).isInstanceOf(CamaraNotFoundException.class);
  }
}
