package ai.humane.status.control;

import java.sql.Connection;
import java.sql.SQLException;

/** Where a probe gets its database connection: a fresh one for the round trip, the pool for the rest. */
@FunctionalInterface
public interface ConnectionSource {

    Connection open() throws SQLException;
}
