package ai.humane.privacy.boundary;

import ai.humane.crypto.control.KeyRing;
import ai.humane.crypto.control.TokenNotDecryptable;
import ai.humane.testing.TestPlatform;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
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
        if (needles.isEmpty()) {
            throw new IllegalArgumentException("nothing to look for");
        }
        List<String> found = new ArrayList<>();
        KeyRing ring = new KeyRing(TestPlatform.fernetKeys());
        try (Connection c = TestPlatform.superuser()) {
            for (String[] column : columns(c)) {
                found.addAll(search(c, column, ring, needles));
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

    /**
     * One pass over the column: the rows holding any needle, and (text only) the values that look sealed, which are
     * opened and searched here. Each value is cast to text once (the sub-select is kept apart by its OFFSET).
     */
    private static List<String> search(Connection c, String[] column, KeyRing ring, List<String> needles) throws SQLException {
        boolean bytes = "bytea".equals(column[2]);
        String holds = bytes ? "position(convert_to(?, 'UTF8') IN v) > 0" : "strpos(v, ?) > 0";
        String each = String.join(", ", Collections.nCopies(needles.size(), holds));
        String any = String.join(" OR ", Collections.nCopies(needles.size(), holds));
        String sealed = bytes ? "NULL::text" : "CASE WHEN v LIKE 'gAAAAA%' THEN v END";
        String sql = "SELECT " + each + ", " + sealed + " FROM (SELECT " + quote(column[1]) + (bytes ? "" : "::text")
                + " AS v FROM " + column[0] + " OFFSET 0) s WHERE " + any + (bytes ? "" : " OR v LIKE 'gAAAAA%'");
        boolean[] held = new boolean[needles.size()];
        List<String> inSealed = new ArrayList<>();
        try (PreparedStatement query = c.prepareStatement(sql)) {
            for (int i = 0; i < needles.size(); i++) {
                query.setString(i + 1, needles.get(i));
                query.setString(needles.size() + i + 1, needles.get(i));
            }
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    for (int i = 0; i < needles.size(); i++) {
                        held[i] |= row.getBoolean(i + 1);
                    }
                    String value = row.getString(needles.size() + 1);
                    if (value != null) {
                        inSealed.addAll(opened(column, ring, value, needles));
                    }
                }
            }
        }
        List<String> found = new ArrayList<>();
        for (int i = 0; i < needles.size(); i++) {
            if (held[i]) {
                found.add(column[0] + "." + column[1] + ": " + needles.get(i));
            }
        }
        found.addAll(inSealed);
        return found;
    }

    private static List<String> opened(String[] column, KeyRing ring, String value, List<String> needles) {
        String clear;
        try {
            clear = ring.decrypt(value);
        } catch (TokenNotDecryptable e) {
            return List.of();
        }
        return needles.stream().filter(clear::contains).map(needle -> column[0] + "." + column[1] + " (sealed): " + needle)
                .toList();
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
