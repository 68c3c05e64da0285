package ai.humane.problems.boundary;

import jakarta.ws.rs.core.Response;
import java.sql.SQLException;

/**
 * A write that lost a race: another request made the same unique thing (an end user's external id, a name) between
 * this one's check and its insert, and the database's unique constraint refused it (SQLSTATE 23505). Answered as
 * the check answers when it sees the other first, 409 {@code conflict}; it was a 500.
 */
final class LostRace {

    private static final String UNIQUE_VIOLATION = "23505";

    private LostRace() {
    }

    static boolean causedBy(Throwable failure) {
        return Causes.any(failure, t -> t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState()));
    }

    static Response response() {
        return ProblemResponse.of(409, "conflict", "Conflict",
                "Another request made the same thing at the same moment; it exists now").build();
    }
}
