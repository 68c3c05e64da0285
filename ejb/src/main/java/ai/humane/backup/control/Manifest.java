package ai.humane.backup.control;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a backup holds, written as plain text so anyone who opened the archive can read it: the schema version
 * (the Flyway migration a restore migrates an empty database to), the session settings and collation COPY wrote
 * its text with ({@link CopyText}; none in format 1, from before 2026-12-06), and for every table its columns,
 * its rows and the SHA-256 of its data file; for every sequence where it stood.
 */
public record Manifest(String schema, Instant created, Optional<String> copy, Map<String, Sum> tables,
                       Map<String, String> sequences) {

    static final String FORMAT = "humane-backup 2";
    /** Backups taken before 2026-12-06: no {@code copy} line; they still restore. */
    static final String FORMER_FORMAT = "humane-backup 1";

    /** A table's rows and the SHA-256 (hex) of its data in COPY text form, ordered by its primary key. */
    public record Sum(List<String> columns, long rows, String sha256) {
    }

    public long rows() {
        return tables.values().stream().mapToLong(Sum::rows).sum();
    }

    String text() {
        StringBuilder text = new StringBuilder(copy.isPresent() ? FORMAT : FORMER_FORMAT).append('\n')
                .append("created ").append(created).append('\n')
                .append("schema ").append(schema).append('\n');
        copy.ifPresent(settings -> text.append("copy ").append(settings).append('\n'));
        tables.forEach((name, sum) -> text.append("table ").append(name).append(' ').append(sum.rows()).append(' ')
                .append(sum.sha256()).append(' ').append(String.join(",", sum.columns())).append('\n'));
        sequences.forEach((name, value) -> text.append("sequence ").append(name).append(' ').append(value).append('\n'));
        return text.toString();
    }

    static Manifest parse(String text) throws IOException {
        BufferedReader lines = new BufferedReader(new StringReader(text));
        String format = lines.readLine();
        if (!FORMAT.equals(format) && !FORMER_FORMAT.equals(format)) {
            throw new IOException("not a Humane backup of a known format (expected '" + FORMAT + "' or '"
                    + FORMER_FORMAT + "')");
        }
        Instant created = null;
        String schema = null;
        String copy = null;
        Map<String, Sum> tables = new LinkedHashMap<>();
        Map<String, String> sequences = new LinkedHashMap<>();
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            String[] part = line.split(" ", 2);
            switch (part[0]) {
                case "created" -> created = Instant.parse(part[1]);
                case "schema" -> schema = part[1];
                case "copy" -> copy = part[1];
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
        if (FORMAT.equals(format) != (copy != null)) {
            throw new IOException("a manifest of '" + format + "' " + (copy == null ? "without" : "with") + " a copy line");
        }
        return new Manifest(schema, created, Optional.ofNullable(copy), tables, sequences);
    }
}
