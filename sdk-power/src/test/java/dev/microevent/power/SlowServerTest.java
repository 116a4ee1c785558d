package dev.microevent.power;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Servers that send one byte every half second, never quiet for a whole read timeout: the timeout
 * bounds the whole answer, and close() does not wait behind a blocked read.
 */
class SlowServerTest {
  private static final Duration DRIP = Duration.ofMillis(500);
  /** Far longer than an answer may take once the timeout bounds it, far shorter than the drip. */
  private static final Duration PATIENCE = Duration.ofSeconds(20);
  /** A valid LIST VAR answer that never ends. */
  private static final byte[] ENDLESS_LIST = "BEGIN LIST VAR dummy\nVAR dummy ups.status \"OL\"\n"
      .getBytes(StandardCharsets.US_ASCII);

  private SlowDripServer server;
  private AutoCloseable client;

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close(); // first: a client blocked on it gets its EOF
    }
    if (client != null) {
      client.close();
    }
  }

  private NutSource nut(Duration readTimeout) throws IOException {
    server = new SlowDripServer(ENDLESS_LIST, DRIP);
    NutSource ups = PowerSource.nut(NutConfig.builder().port(server.port()).upsName("dummy")
        .readTimeout(readTimeout).build());
    client = ups;
    return ups;
  }

  private static <T> Throwable failureOf(CompletableFuture<T> call) {
    await().atMost(PATIENCE).until(call::isDone);
    assertThat(call).isCompletedExceptionally();
    return call.handle((v, e) -> e.getCause() == null ? e : e.getCause()).join();
  }

  @Test
  void aNutServerDrippingBytes_failsTheAnswerAtTheReadTimeout_notAtEveryByte() throws IOException {
    NutSource ups = nut(Duration.ofSeconds(1));
    CompletableFuture<?> read = CompletableFuture.supplyAsync(ups::variables);
    assertThat(failureOf(read)).isInstanceOf(PowerSourceException.class)
        .satisfies(e -> assertThat(((PowerSourceException) e).isStale()).isTrue());
  }

  private ApcupsdSource apcupsd(Duration readTimeout) throws IOException {
    ByteArrayOutputStream record = new ByteArrayOutputStream();
    byte[] line = "STATUS   : ONLINE\n".getBytes(StandardCharsets.US_ASCII);
    new DataOutputStream(record).writeShort(line.length);
    record.writeBytes(line); // records without the closing empty one: a status that never ends
    server = new SlowDripServer(record.toByteArray(), DRIP);
    ApcupsdSource ups = PowerSource.apcupsd(ApcupsdConfig.builder("foh-ups").port(server.port())
        .readTimeout(readTimeout).build());
    client = ups;
    return ups;
  }

  @Test
  void anApcupsdServerDrippingBytes_failsTheStatusAtTheReadTimeout() throws IOException {
    ApcupsdSource ups = apcupsd(Duration.ofSeconds(1));
    CompletableFuture<?> read = CompletableFuture.supplyAsync(ups::status);
    assertThat(failureOf(read)).isInstanceOf(PowerSourceException.class);
  }

  /**
   * Starts a read, closes the source while the slow server's answer is dripping in, and says how
   * the read ended: the close must return, and the read end, long before the drip could finish.
   */
  private Throwable failureOfAReadEndedByClose(Supplier<?> read, Runnable close) {
    CompletableFuture<?> reading = CompletableFuture.supplyAsync(read);
    await().atMost(PATIENCE).until(() -> server.sent() >= 2);

    CompletableFuture<Void> closing = CompletableFuture.runAsync(close);
    await().atMost(PATIENCE).until(closing::isDone);
    return failureOf(reading);
  }

  @Test
  void closingAnApcupsdSource_endsAReadBlockedOnTheServer_atOnce() throws IOException {
    ApcupsdSource ups = apcupsd(Duration.ofMinutes(10));
    assertThat(failureOfAReadEndedByClose(ups::status, ups::close)).isInstanceOf(PowerSourceException.class)
        .hasMessageContaining("was closed");
  }

  @Test
  void closingANutSource_endsAReadBlockedOnTheServer_atOnce() throws IOException {
    NutSource ups = nut(Duration.ofMinutes(10));
    assertThat(failureOfAReadEndedByClose(ups::variables, ups::close)).isInstanceOf(PowerSourceException.class);
  }

  @Test
  void closingAPowerClient_endsAPollBlockedOnTheServer_atOnce() throws IOException {
    NutSource ups = nut(Duration.ofMinutes(10));
    PowerClient power = PowerClient.builder().addSource(ups).pollInterval(Duration.ofSeconds(1)).build();
    client = power;
    await().atMost(PATIENCE).until(() -> server.sent() >= 2); // the first round is blocked on the answer

    CompletableFuture<Void> close = CompletableFuture.runAsync(power::close);
    await().atMost(PATIENCE).until(close::isDone);
    assertThat(close).isCompleted();
  }
}
