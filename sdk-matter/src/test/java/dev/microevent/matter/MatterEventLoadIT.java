package dev.microevent.matter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.microevent.core.MicroEventClient;
import dev.microevent.core.Plane;
import dev.microevent.matter.internal.DefaultMatterClient;
import dev.microevent.testkit.matter.FakeMatterController;
import dev.microevent.testkit.matter.FakeMatterNode;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A load run, not a speed assertion: 10,000 {@code attribute_updated} events per second from the
 * fake Matter Server for a few seconds through the client. Checks that every event arrives in
 * order and none is dropped, and prints the figures: rates, listener lag, the deepest the event
 * queue got. A second phase blocks the listener mid-stream until 2,000 events wait behind it: the
 * socket thread keeps decoding while the listener is stuck (the queue fills, then drains), and
 * still nothing is lost.
 */
class MatterEventLoadIT {
  static final int RATE = 10_000;
  static final int SECONDS = 3;
  static final int TOTAL = RATE * SECONDS;
  static final int PER_TICK = RATE / 1_000;
  static final long NODE = Long.parseUnsignedLong("18446744069414584321");
  /** How many events must pile up behind the blocked listener before it is released. */
  static final int STALL_DEPTH = 2_000;

  /** Records each event's arrival; optionally blocks once, at a given sequence number, until released. */
  static final class Recorder implements MatterListener {
    final long[] arrived = new long[TOTAL + 1];
    final AtomicInteger received = new AtomicInteger();
    final AtomicLong outOfOrder = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    final CountDownLatch stall = new CountDownLatch(1);
    final int stallAt;
    long last;

    Recorder(int stallAt) {
      this.stallAt = stallAt;
    }

    @Override
    public void onAttributeUpdated(AttributeUpdate update) {
      int seq = (int) update.value().asLong().orElseThrow();
      if (seq <= last) {
        outOfOrder.incrementAndGet();
      }
      last = seq;
      arrived[seq] = System.nanoTime();
      received.incrementAndGet();
      if (seq == stallAt) {
        try {
          assertThat(stall.await(60, TimeUnit.SECONDS)).as("released once events piled up").isTrue();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }

    @Override
    public void onEventsDropped(long count) {
      dropped.addAndGet(count);
    }
  }

  @Test
  void tenThousandEventsPerSecond_arriveInOrder_withoutLossOrBlockingTheSocket() throws Exception {
    run("steady listener", -1);
    run("listener blocked mid-stream", TOTAL / 2);
  }

  private void run(String phase, int stallAt) throws Exception {
    ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
    try (FakeMatterController server = FakeMatterController.start();
        MicroEventClient core = MicroEventClient.builder().centralPlane(Plane.central(URI.create("http://127.0.0.1:9")))
            .healthChecksEnabled(false).configSyncInterval(Duration.ZERO).build()) {
      server.addNode(FakeMatterNode.onOffLight(NODE));
      Recorder recorder = new Recorder(stallAt);
      DefaultMatterClient client = (DefaultMatterClient) MatterClient.builder().client(core).controller(server.url())
          .addListener(recorder).build();
      try {
        client.ready().get(30, TimeUnit.SECONDS);
        long[] sent = new long[TOTAL + 1];
        AtomicInteger next = new AtomicInteger(1);
        AtomicInteger maxDepth = new AtomicInteger();
        CountDownLatch allSent = new CountDownLatch(1);
        long start = System.nanoTime();
        // An open-loop generator: every millisecond, the events due by then (it catches up after a hiccup).
        ScheduledFuture<?> ticks = pacer.scheduleAtFixedRate(() -> {
          long due = Math.min(TOTAL, (System.nanoTime() - start) / 1_000_000L * PER_TICK + PER_TICK);
          while (next.get() <= due) {
            int seq = next.getAndIncrement();
            sent[seq] = System.nanoTime();
            server.emitAttributeUpdate(NODE, "1/8/0", seq);
          }
          int depth = client.eventQueueDepth();
          maxDepth.accumulateAndGet(depth, Math::max);
          if (depth >= STALL_DEPTH || next.get() > TOTAL) {
            recorder.stall.countDown();
          }
          if (next.get() > TOTAL) {
            allSent.countDown();
          }
        }, 0, 1, TimeUnit.MILLISECONDS);
        assertThat(allSent.await(60, TimeUnit.SECONDS)).as("the generator sent everything").isTrue();
        long sendEnd = System.nanoTime();
        ticks.cancel(false);
        await().atMost(Duration.ofSeconds(60)).until(() -> recorder.received.get() + recorder.dropped.get() >= TOTAL);
        long receiveEnd = System.nanoTime();

        long[] lag = new long[TOTAL];
        for (int i = 1; i <= TOTAL; i++) {
          lag[i - 1] = recorder.arrived[i] - sent[i];
        }
        Arrays.sort(lag);
        System.out.printf("Matter events, %s: %,d sent in %d ms (%,.0f/s), received in %d ms (%,.0f/s); "
                + "listener lag p50 %.2f ms, p99 %.2f ms, max %.2f ms; queue depth max %,d (sampled %,d); "
                + "dropped %d, out of order %d%n",
            phase, TOTAL, ms(sendEnd - start), TOTAL * 1e9 / (sendEnd - start), ms(receiveEnd - start),
            TOTAL * 1e9 / (receiveEnd - start), lag[TOTAL / 2] / 1e6, lag[TOTAL * 99 / 100] / 1e6,
            lag[TOTAL - 1] / 1e6, client.eventQueueHighWater(), maxDepth.get(), recorder.dropped.get(),
            recorder.outOfOrder.get());

        assertThat(recorder.outOfOrder.get()).as("order kept").isZero();
        assertThat(recorder.dropped.get()).as("nothing dropped at the default queue size").isZero();
        assertThat(recorder.received.get()).isEqualTo(TOTAL);
        assertThat(client.node(MatterNodeId.of(NODE)).orElseThrow().attribute(AttributePath.currentLevel(1)))
            .hasValue(MatterValue.of(TOTAL));
        if (stallAt > 0) {
          // While the listener was blocked, the socket thread went on decoding: events piled up in the queue.
          assertThat(client.eventQueueHighWater()).as("the queue absorbed the stall").isGreaterThanOrEqualTo(STALL_DEPTH);
        }
      } finally {
        client.close();
      }
    } finally {
      pacer.shutdownNow();
    }
  }

  private static long ms(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }
}
