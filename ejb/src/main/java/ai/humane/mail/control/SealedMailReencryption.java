package ai.humane.mail.control;

import ai.humane.crypto.control.Reencryption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Moves mail still waiting in the outbox to the first key of FERNET_KEYS (K3), so an old key can leave the
 * ring even while SMTP is down and mail is held. A page at a time, in autocommit; each token is replaced only
 * if it is still the one that was read (a sender may have settled and redacted the row meanwhile). A token
 * no key opens is reported and left: the courier gives it up after its retries, and a key put back in time
 * still opens it.
 */
public class SealedMailReencryption {

    static final int PAGE = 200;

    private final Reencryption reencryption;

    public SealedMailReencryption(Reencryption reencryption) {
        this.reencryption = reencryption;
    }

    /** Answers how many tokens moved and which rows no key opens. */
    public Report run(Connection db) throws SQLException {
        int moved = 0;
        List<UUID> unreadable = new ArrayList<>();
        UUID after = new UUID(0, 0);
        List<Reencryption.StoredToken> page;
        do {
            page = page(db, after);
            Map<UUID, String> read = page.stream()
                    .collect(Collectors.toMap(Reencryption.StoredToken::id, Reencryption.StoredToken::token));
            Reencryption.Outcome outcome = reencryption.moveForward(page);
            for (Reencryption.StoredToken token : outcome.moved()) {
                moved += reseal(db, token.id(), read.get(token.id()), token.token()) ? 1 : 0;
            }
            unreadable.addAll(outcome.unreadable());
            after = page.isEmpty() ? after : page.get(page.size() - 1).id();
        } while (page.size() == PAGE);
        return new Report(moved, List.copyOf(unreadable));
    }

    private static List<Reencryption.StoredToken> page(Connection db, UUID after) throws SQLException {
        List<Reencryption.StoredToken> page = new ArrayList<>();
        try (PreparedStatement query = db.prepareStatement("SELECT mail_id, mail_sealed FROM mail_sealed_page(?, ?)")) {
            query.setObject(1, after);
            query.setInt(2, PAGE);
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    page.add(new Reencryption.StoredToken(row.getObject(1, UUID.class), row.getString(2)));
                }
            }
        }
        return page;
    }

    private static boolean reseal(Connection db, UUID id, String old, String fresh) throws SQLException {
        try (PreparedStatement update = db.prepareStatement("SELECT mail_reseal(?, ?, ?)")) {
            update.setObject(1, id);
            update.setString(2, old);
            update.setString(3, fresh);
            try (ResultSet row = update.executeQuery()) {
                row.next();
                return row.getBoolean(1);
            }
        }
    }

    /** Tokens moved forward, and the rows whose token no key opens. */
    public record Report(int moved, List<UUID> unreadable) {
    }
}
