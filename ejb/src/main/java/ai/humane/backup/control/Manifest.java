package ai.humane.backup.control;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a backup holds, written as plain text so anyone who opened the archive can read it: the schema version
 * (the Flyway migration a restore migrates an empty database to), and for every table its columns, its rows
 * and the SHA-256 of its data file; for every sequence where it stood.
 */
public record Manifest(String schema, Instant created, Map<String, Sum> tables, Map<String, String> sequences) {

    static final String FORMAT = "humane-backup 1";

    /** A table's rows and the SHA-256 (hex) of its data in COPY text form, ordered by its primary key. */
    public record Sum(List<String> columns, long rows, String sha256) {
    }

    public long rows() {
        return tables.values().stream().mapToLong(Sum::rows).sum();
    }

    String text() {
        StringBuilder text = new StringBuilder(FORMAT).append('\n')
                .append("created ").append(created).append('\n')
                .append("schema ").append(schema).append('\n');
        tables.forEach((name, sum) -> text.append("table ").append(name).append(' ').append(sum.rows()).append(' ')
                .append(sum.sha256()).append(' ').append(String.join(",", sum.columns())).append('\n'));
        sequences.forEach((name, value) -> text.append("sequence ").append(name).append(' ').append(value).append('\n'));
        return text.toString();
    }

    static Manifest parse(String text) throws IOException {
        BufferedReader lines = new BufferedReader(new StringReader(text));
        if (!FORMAT.equals(lines.readLine())) {
            throw new IOException("not a Humane backup of a known format (expected '" + FORMAT + "')");
        }
        Instant created = null;
        String schema = null;
        Map<String, Sum> tables = new LinkedHashMap<>();
        Map<String, String> sequences = new LinkedHashMap<>();
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            String[] part = line.split(" ", 2);
            switch (part[0]) {
                case "created" -> created = Instant.parse(part[1]);
                case "schema" -> schema = part[1];
                case "table" -> {
                    String[] t = part[1].split(" ");
                    tables.put(t[0], new Sum(List.of(t[3].split(",")), Long.parseLong(t[1]), t[2]));
                }
                case "sequence" -> {
                    String[] s = part[1].split(" ", 2);
                    sequences.put(s[0], s[1]);
                }
                default -> throw new IOException("unknown manifest line: " + part[0]);
            }
        }
        if (schema == null || created == null) {
            throw new IOException("the manifest names no schema version or creation time");
        }
        return new Manifest(schema, created, tables, sequences);
    }
}
