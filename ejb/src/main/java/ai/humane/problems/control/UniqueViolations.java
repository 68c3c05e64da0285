package ai.humane.problems.control;

import java.util.Optional;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Which unique constraint refused a write (SQLSTATE 23505), read from the driver's failure among a failure's causes,
 * however the persistence provider and the container wrapped it: the one reading of a lost race, for the mappers that
 * answer one ({@code LostRace}) and the controls that try once more ({@code FirstSignInRace}).
 */
public final class UniqueViolations {

    private static final String UNIQUE_VIOLATION = "23505";

    private UniqueViolations() {
    }

    /** The constraint named by the first unique violation among the failure and its causes, if one is there. */
    public static Optional<String> constraint(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PSQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return Optional.ofNullable(sql.getServerErrorMessage()).map(ServerErrorMessage::getConstraint);
            }
        }
        return Optional.empty();
    }
}
