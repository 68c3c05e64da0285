package ai.humane.status.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * What operators tell the public on /status (O2): an incident is opened with a title, an impact and a first
 * message, then updated (investigating, identified, monitoring) until it is resolved; every step is a line of
 * its timeline. Used by {@code ./humane incident}, on the runtime role's connection.
 */
public final class Incidents {

    public static final Set<String> IMPACTS = Set.of("minor", "major", "critical");
    public static final Set<String> STATUSES = Set.of("investigating", "identified", "monitoring", "resolved");

    /** One incident as the command lists it. */
    public record Listed(UUID id, String title, String impact, String status) {
    }

    public UUID open(Connection db, String title, String impact, String message) throws SQLException {
        require(title != null && !title.isBlank() && title.length() <= 200, "the title is 1 to 200 characters");
        require(IMPACTS.contains(impact), "the impact is one of " + IMPACTS);
        UUID id = UUID.randomUUID();
        boolean autocommit = db.getAutoCommit();
        db.setAutoCommit(false);
        try (PreparedStatement insert = db.prepareStatement(
                "INSERT INTO incidents (id, title, impact, status) VALUES (?, ?, ?, 'investigating')")) {
            insert.setObject(1, id);
            insert.setString(2, title.strip());
            insert.setString(3, impact);
            insert.executeUpdate();
            note(db, id, "investigating", message);
            db.commit();
            return id;
        } catch (SQLException | RuntimeException e) {
            db.rollback();
            throw e;
        } finally {
            db.setAutoCommit(autocommit);
        }
    }

    /** A new step of the timeline; {@code resolved} closes the incident. */
    public void update(Connection db, UUID id, String status, String message) throws SQLException {
        require(STATUSES.contains(status), "the status is one of " + STATUSES);
        boolean autocommit = db.getAutoCommit();
        db.setAutoCommit(false);
        try (PreparedStatement change = db.prepareStatement("UPDATE incidents SET status = ?,"
                + " resolved_at = CASE WHEN ? = 'resolved' THEN now() END WHERE id = ? AND resolved_at IS NULL")) {
            change.setString(1, status);
            change.setString(2, status);
            change.setObject(3, id);
            require(change.executeUpdate() == 1, "no open incident " + id);
            note(db, id, status, message);
            db.commit();
        } catch (SQLException | RuntimeException e) {
            db.rollback();
            throw e;
        } finally {
            db.setAutoCommit(autocommit);
        }
    }

    public List<Listed> open(Connection db) throws SQLException {
        List<Listed> open = new ArrayList<>();
        try (PreparedStatement query = db.prepareStatement(
                "SELECT id, title, impact, status FROM incidents WHERE resolved_at IS NULL ORDER BY opened_at");
             ResultSet row = query.executeQuery()) {
            while (row.next()) {
                open.add(new Listed(row.getObject(1, UUID.class), row.getString(2), row.getString(3), row.getString(4)));
            }
        }
        return open;
    }

    private static void note(Connection db, UUID id, String status, String message) throws SQLException {
        require(message != null && !message.isBlank() && message.length() <= 2000, "the message is 1 to 2000 characters");
        try (PreparedStatement insert = db.prepareStatement(
                "INSERT INTO incident_updates (id, incident_id, status, message) VALUES (?, ?, ?, ?)")) {
            insert.setObject(1, UUID.randomUUID());
            insert.setObject(2, id);
            insert.setString(3, status);
            insert.setString(4, message.strip());
            insert.executeUpdate();
        }
    }

    private static void require(boolean valid, String rule) {
        if (!valid) {
            throw new IllegalArgumentException(rule);
        }
    }
}
