package ai.humane.privacy.boundary;

import ai.humane.crypto.control.KeyRing;
import ai.humane.crypto.control.TokenNotDecryptable;
import ai.humane.testing.TestPlatform;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Searches every column of every table of the database for text, as the superuser (no wall hides a row): the
 * tables and columns come from the catalogue at the time of the search, so a table added later is searched
 * too. Every column is read as text (uuid, json, arrays and all), bytea as bytes; values sealed with FERNET_KEYS
 * (K3) are opened with this run's keys and searched in clear.
 */
final class EveryColumn {

    private EveryColumn() {
    }

    /** Where any of {@code needles} is found, as {@code table.column: needle} (sealed ones marked so). */
    static List<String> find(List<String> needles) {
        List<String> found = new ArrayList<>();
        KeyRing ring = new KeyRing(TestPlatform.fernetKeys());
        try (Connection c = TestPlatform.superuser()) {
            for (String[] column : columns(c)) {
                for (String needle : needles) {
                    if (count(c, column, needle) > 0) {
                        found.add(column[0] + "." + column[1] + ": " + needle);
                    }
                }
                if (!"bytea".equals(column[2])) {
                    found.addAll(sealed(c, column, ring, needles));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return found;
    }

    /** How many columns were searched: a guard against a catalogue query that finds nothing. */
    static int columnCount() {
        try (Connection c = TestPlatform.superuser()) {
            return columns(c).size();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String[]> columns(Connection c) throws SQLException {
        List<String[]> columns = new ArrayList<>();
        try (PreparedStatement query = c.prepareStatement("""
                SELECT a.attrelid::regclass::text, a.attname, format_type(a.atttypid, NULL)
                  FROM pg_attribute a JOIN pg_class r ON r.oid = a.attrelid
                 WHERE r.relnamespace = 'public'::regnamespace AND r.relkind IN ('r', 'p')
                   AND a.attnum > 0 AND NOT a.attisdropped
                 ORDER BY 1, 2""");
             ResultSet row = query.executeQuery()) {
            while (row.next()) {
                columns.add(new String[] {row.getString(1), row.getString(2), row.getString(3)});
            }
        }
        return columns;
    }

    private static long count(Connection c, String[] column, String needle) throws SQLException {
        String where = "bytea".equals(column[2])
                ? "position(convert_to(?, 'UTF8') IN " + quote(column[1]) + ") > 0"
                : "strpos(" + quote(column[1]) + "::text, ?) > 0";
        try (PreparedStatement query = c.prepareStatement("SELECT count(*) FROM " + column[0] + " WHERE " + where)) {
            query.setString(1, needle);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private static List<String> sealed(Connection c, String[] column, KeyRing ring, List<String> needles) throws SQLException {
        List<String> found = new ArrayList<>();
        try (PreparedStatement query = c.prepareStatement("SELECT " + quote(column[1]) + "::text FROM " + column[0]
                + " WHERE " + quote(column[1]) + "::text LIKE 'gAAAAA%'");
             ResultSet row = query.executeQuery()) {
            while (row.next()) {
                String clear;
                try {
                    clear = ring.decrypt(row.getString(1));
                } catch (TokenNotDecryptable e) {
                    continue;
                }
                for (String needle : needles) {
                    if (clear.contains(needle)) {
                        found.add(column[0] + "." + column[1] + " (sealed): " + needle);
                    }
                }
            }
        }
        return found;
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
