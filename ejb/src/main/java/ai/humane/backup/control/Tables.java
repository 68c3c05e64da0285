package ai.humane.backup.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The tables of the schema as a backup copies them: every table of the current schema (Flyway's history, the
 * walled mail outbox and the unlogged counters included), parents before the tables whose foreign keys point at
 * them, so that a restore can load them in this order with every constraint checked.
 */
final class Tables {

    /** One table: its columns in order (generated ones left out: COPY cannot write them) and its sort key. */
    record Table(String name, List<String> columns, List<Key> key, boolean forced) {

        /** Its rows in primary key order (a whole row's text without one), as {@code text} orders and writes them. */
        String copyOut(CopyText text) {
            String order = key.isEmpty() ? text.order("t::text", true)
                    : String.join(", ", key.stream().map(k -> text.order(quote(k.column()), k.collatable())).toList());
            return "COPY (SELECT " + columnList() + " FROM ONLY " + quote(name) + " t ORDER BY " + order + ") TO STDOUT";
        }

        String copyIn() {
            return "COPY " + quote(name) + " (" + columnList() + ") FROM STDIN";
        }

        private String columnList() {
            return String.join(", ", columns.stream().map(Tables::quote).toList());
        }
    }

    /** A primary key column; a collatable one (text) sorts by the collation it is given. */
    record Key(String column, boolean collatable) {
    }

    private Tables() {
    }

    static List<Table> inLoadOrder(Connection db) throws SQLException {
        Map<String, Boolean> forced = new TreeMap<>();
        try (Statement s = db.createStatement(); ResultSet row = s.executeQuery("SELECT relname, relforcerowsecurity"
                + " FROM pg_class WHERE relnamespace = current_schema()::regnamespace AND relkind IN ('r', 'p')")) {
            while (row.next()) {
                forced.put(row.getString(1), row.getBoolean(2));
            }
        }
        List<Table> tables = new ArrayList<>();
        for (String name : order(db, forced.keySet())) {
            tables.add(new Table(name, names(db, name, "SELECT attname FROM pg_attribute WHERE attrelid = ?::regclass"
                    + " AND attnum > 0 AND NOT attisdropped AND attgenerated = '' ORDER BY attnum"),
                    key(db, name), forced.get(name)));
        }
        return tables;
    }

    static List<String> sequences(Connection db) throws SQLException {
        List<String> sequences = new ArrayList<>();
        try (Statement s = db.createStatement(); ResultSet row = s.executeQuery("SELECT relname FROM pg_class"
                + " WHERE relnamespace = current_schema()::regnamespace AND relkind = 'S' ORDER BY relname")) {
            while (row.next()) {
                sequences.add(row.getString(1));
            }
        }
        return sequences;
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** Parents first (a topological order of the foreign keys), otherwise by name. */
    private static List<String> order(Connection db, Set<String> names) throws SQLException {
        Map<String, Set<String>> parents = new LinkedHashMap<>();
        names.forEach(name -> parents.put(name, new LinkedHashSet<>()));
        try (Statement s = db.createStatement(); ResultSet fk = s.executeQuery("SELECT c.relname, p.relname"
                + " FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid"
                + " WHERE k.contype = 'f' AND k.connamespace = current_schema()::regnamespace")) {
            while (fk.next()) {
                if (!fk.getString(1).equals(fk.getString(2)) && parents.containsKey(fk.getString(1))) {
                    parents.get(fk.getString(1)).add(fk.getString(2));
                }
            }
        }
        List<String> ordered = new ArrayList<>();
        while (ordered.size() < names.size()) {
            String next = parents.entrySet().stream()
                    .filter(e -> !ordered.contains(e.getKey()) && ordered.containsAll(e.getValue()))
                    .map(Map.Entry::getKey).findFirst()
                    .orElseThrow(() -> new IllegalStateException("the foreign keys of the schema form a cycle"));
            ordered.add(next);
        }
        return ordered;
    }

    private static List<Key> key(Connection db, String table) throws SQLException {
        List<Key> key = new ArrayList<>();
        try (PreparedStatement query = db.prepareStatement("SELECT a.attname, a.attcollation <> 0 FROM pg_index i"
                + " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)"
                + " WHERE i.indrelid = ?::regclass AND i.indisprimary ORDER BY array_position(i.indkey::int2[], a.attnum)")) {
            query.setString(1, quote(table));
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    key.add(new Key(row.getString(1), row.getBoolean(2)));
                }
            }
        }
        return key;
    }

    private static List<String> names(Connection db, String table, String sql) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement query = db.prepareStatement(sql)) {
            query.setString(1, quote(table));
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    names.add(row.getString(1));
                }
            }
        }
        return names;
    }
}
