package dev.microevent.commerce.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microevent.commerce.CartId;
import dev.microevent.commerce.CheckoutId;
import dev.microevent.commerce.CheckoutJournalException;
import dev.microevent.commerce.CheckoutJournalInUseException;
import dev.microevent.commerce.internal.CheckoutJournal.State;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The checkout journal's state machine, transition by transition (every state times every event:
 * the next state, or ignored), and its ownership of the file: one opener at a time, and a begin
 * that is one transaction.
 */
class CheckoutJournalTest {
  private static final Instant NOW = Instant.parse("2026-06-01T18:00:00Z");
  private static final CartId CART = CartId.of("cart-1");
  private final AtomicInteger keys = new AtomicInteger();
  private final List<CheckoutJournal> opened = new ArrayList<>();

  @TempDir
  Path dir;

  @AfterEach
  void close() {
    opened.forEach(CheckoutJournal::close);
  }

  private CheckoutJournal open(Path file) {
    CheckoutJournal j = CheckoutJournal.open(file);
    opened.add(j);
    return j;
  }

  private CheckoutId newKey() {
    return new CheckoutId("k-" + keys.incrementAndGet());
  }

  /** The events of the machine; each answers the transition it made. */
  enum Event {
    BEGIN_SEND,
    PAID,
    FAILED,
    /** A send is counted, then refused locally (rate limit, breaker, shed): what submit does. */
    REFUSED_LOCALLY,
    NOT_SENT_BY_RESOLVE,
    NOTE;

    CheckoutJournal.Transition apply(CheckoutJournal j, CheckoutId id) {
      return switch (this) {
        case BEGIN_SEND -> j.beginSend(id, NOW);
        case PAID -> j.paid(id, null, "charged", NOW);
        case FAILED -> j.failed(id, "DECLINED", null, "declined", NOW);
        case REFUSED_LOCALLY -> {
          CheckoutJournal.Transition send = j.beginSend(id, NOW);
          yield send.applied() ? j.notSent(id, true, "refused locally", NOW) : send;
        }
        case NOT_SENT_BY_RESOLVE -> j.notSent(id, false, "never sent", NOW);
        case NOTE -> {
          CheckoutJournal.Row before = j.get(id).orElseThrow();
          CheckoutJournal.Row after = j.note(id, "noted", NOW);
          yield new CheckoutJournal.Transition(!after.detail().equals(before.detail()), before.state(), after);
        }
      };
    }
  }

  /** Where a row starts: its state, and whether a send of it left (sends > unsent). */
  enum Start { PENDING_NEVER_SENT, PENDING_SENT, PAID, FAILED }

  static Stream<Arguments> table() {
    return Stream.of(
        // a pending checkout none of whose sends left
        Arguments.of(Start.PENDING_NEVER_SENT, Event.BEGIN_SEND, State.PENDING, true),
        Arguments.of(Start.PENDING_NEVER_SENT, Event.PAID, State.PAID, true),
        Arguments.of(Start.PENDING_NEVER_SENT, Event.FAILED, State.FAILED, true),
        Arguments.of(Start.PENDING_NEVER_SENT, Event.REFUSED_LOCALLY, State.FAILED, true),
        Arguments.of(Start.PENDING_NEVER_SENT, Event.NOT_SENT_BY_RESOLVE, State.FAILED, true),
        Arguments.of(Start.PENDING_NEVER_SENT, Event.NOTE, State.PENDING, true),
        // a pending checkout one of whose sends left (it may be charged)
        Arguments.of(Start.PENDING_SENT, Event.BEGIN_SEND, State.PENDING, true),
        Arguments.of(Start.PENDING_SENT, Event.PAID, State.PAID, true),
        Arguments.of(Start.PENDING_SENT, Event.FAILED, State.FAILED, true),
        Arguments.of(Start.PENDING_SENT, Event.REFUSED_LOCALLY, State.PENDING, false),
        Arguments.of(Start.PENDING_SENT, Event.NOT_SENT_BY_RESOLVE, State.PENDING, false),
        Arguments.of(Start.PENDING_SENT, Event.NOTE, State.PENDING, true),
        // paid is terminal
        Arguments.of(Start.PAID, Event.BEGIN_SEND, State.PAID, false),
        Arguments.of(Start.PAID, Event.PAID, State.PAID, false),
        Arguments.of(Start.PAID, Event.FAILED, State.PAID, false),
        Arguments.of(Start.PAID, Event.REFUSED_LOCALLY, State.PAID, false),
        Arguments.of(Start.PAID, Event.NOT_SENT_BY_RESOLVE, State.PAID, false),
        Arguments.of(Start.PAID, Event.NOTE, State.PAID, false),
        // failed: only the backend's word that it charged after all moves it
        Arguments.of(Start.FAILED, Event.BEGIN_SEND, State.FAILED, false),
        Arguments.of(Start.FAILED, Event.PAID, State.PAID, true),
        Arguments.of(Start.FAILED, Event.FAILED, State.FAILED, false),
        Arguments.of(Start.FAILED, Event.REFUSED_LOCALLY, State.FAILED, false),
        Arguments.of(Start.FAILED, Event.NOT_SENT_BY_RESOLVE, State.FAILED, false),
        Arguments.of(Start.FAILED, Event.NOTE, State.FAILED, false));
  }

  @ParameterizedTest(name = "{0} --{1}--> {2} (applied: {3})")
  @MethodSource("table")
  void everyStateAndEvent_leadToTheTabledNextState(Start start, Event event, State next, boolean applied) {
    CheckoutJournal journal = open(null);
    CheckoutId id = journal.begin(CART, "fp", this::newKey, NOW).row().id();
    switch (start) {
      case PENDING_NEVER_SENT -> { }
      case PENDING_SENT -> {
        journal.beginSend(id, NOW);
        journal.endSend(id);
      }
      case PAID -> journal.paid(id, null, "charged", NOW);
      case FAILED -> journal.failed(id, "DECLINED", null, "declined", NOW);
    }
    CheckoutJournal.Row before = journal.get(id).orElseThrow();

    CheckoutJournal.Transition t = event.apply(journal, id);
    journal.endSend(id);

    assertThat(t.before()).isEqualTo(before.state());
    assertThat(t.applied()).as("applied").isEqualTo(applied);
    assertThat(t.row().state()).as("the state afterwards").isEqualTo(next);
    assertThat(journal.get(id).orElseThrow().state()).as("what the journal holds").isEqualTo(next);
    if (!applied && before.state() != State.PENDING) {
      assertThat(journal.get(id).orElseThrow()).as("an ignored event changes nothing").isEqualTo(before);
    }
  }

  @Test
  void aSecondOpenerOfTheSameFile_isRefusedWithATypedError_untilTheFirstCloses() {
    Path file = dir.resolve("checkouts.db");
    CheckoutJournal first = CheckoutJournal.open(file);

    assertThatThrownBy(() -> CheckoutJournal.open(file))
        .isInstanceOf(CheckoutJournalInUseException.class)
        .hasMessageContaining(file.getFileName().toString())
        .hasMessageContaining("another");
    assertThatThrownBy(() -> CheckoutJournal.open(dir.resolve(".").resolve("checkouts.db")))
        .as("the same file by another path").isInstanceOf(CheckoutJournalInUseException.class);
    CheckoutId id = first.begin(CART, "fp", this::newKey, NOW).row().id();
    first.close();

    CheckoutJournal second = open(file);
    assertThat(second.begin(CART, "fp", this::newKey, NOW).row().id()).as("resumed after the first closed")
        .isEqualTo(id);
  }

  @Test
  void aClosedJournal_saysItWasClosed_andWhatToDo() {
    CheckoutJournal journal = CheckoutJournal.open(dir.resolve("closed.db"));
    journal.close();
    journal.close();

    assertThatThrownBy(() -> journal.begin(CART, "fp", this::newKey, NOW))
        .isInstanceOf(CheckoutJournalException.class)
        .hasMessageContaining("closed")
        .hasMessageContaining("Reopen the client");
  }

  @Test
  void beginIsOneTransaction_soAnotherWriterCannotSlipARowOfTheSameCartBetweenItsReadAndItsInsert()
      throws Exception {
    Path file = dir.resolve("shared.db");
    CheckoutJournal journal = open(file);
    AtomicReference<String> slipped = new AtomicReference<>("not tried");
    // A writer that ignores the lock file (an older SDK, a copy tool) tries to insert between the
    // journal's read of the cart and its insert.
    journal.begin(CART, "fp", () -> {
      try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
          Statement s = other.createStatement()) {
        s.execute("PRAGMA busy_timeout=200");
        s.executeUpdate("INSERT INTO checkouts(checkout_id, cart_id, fingerprint, state, created_at, updated_at) "
            + "VALUES ('other-key', 'cart-1', 'fp', 'PENDING', '" + NOW + "', '" + NOW + "')");
        slipped.set("inserted");
      } catch (SQLException busy) {
        slipped.set("refused: " + busy.getMessage());
      }
      return newKey();
    }, NOW);

    assertThat(slipped.get()).startsWith("refused");
    assertThat(journal.pending()).singleElement().satisfies(r -> assertThat(r.cartId()).isEqualTo(CART));
  }
}
