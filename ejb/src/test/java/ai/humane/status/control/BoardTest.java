package ai.humane.status.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What an instance answers while it cannot read the database (O2): the database down, the rest as last read. */
class BoardTest {

    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

    @Test
    void theLastBoardWithTheDatabaseInAnOutage() {
        Board last = new Board(State.OPERATIONAL, NOW.minusSeconds(60), List.of(
                new Board.Report(Component.DATABASE, State.OPERATIONAL, 3.0, NOW.minusSeconds(60), 100, List.of()),
                new Board.Report(Component.MAIL, State.OPERATIONAL, 0.0, NOW.minusSeconds(60), 99.5, List.of())), List.of());
        Board down = last.withDatabaseDown(NOW);
        assertEquals(State.OUTAGE, down.state());
        assertEquals(State.OUTAGE, down.components().get(0).state());
        assertNull(down.components().get(0).figure());
        assertEquals(State.OPERATIONAL, down.components().get(1).state(), "the rest as last read");
    }

    @Test
    void withNothingReadYetTheDatabaseAloneInAnOutage() {
        Board down = Board.empty().withDatabaseDown(NOW);
        assertEquals(List.of(Component.DATABASE), down.components().stream().map(Board.Report::component).toList());
        assertEquals(State.OUTAGE, down.state());
    }
}
