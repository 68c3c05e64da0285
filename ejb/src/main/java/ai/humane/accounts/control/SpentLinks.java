package ai.humane.accounts.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Retention of e-mailed links (S1, S7, T2): verification and password-reset tokens and invitations are deleted 7 days
 * after they stopped working (used, withdrawn, accepted or expired), in every tenant, through the one SECURITY
 * DEFINER function that may (V37). The week changes no answer, since an unknown, used or expired link is refused
 * alike; it keeps when a link was issued and used, for an operator looking into one its owner did not ask for.
 */
public final class SpentLinks {

    private SpentLinks() {
    }

    /** Deletes the links spent more than 7 days ago; answers how many. Every instance may run it at once. */
    public static long purge(Connection c) throws SQLException {
        try (PreparedStatement purge = c.prepareStatement("SELECT purge_spent_email_links()");
             ResultSet gone = purge.executeQuery()) {
            return gone.next() ? gone.getLong(1) : 0;
        }
    }
}
