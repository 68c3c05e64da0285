package ai.humane.backup.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The session settings that shape the text COPY writes (O3), pinned in the snapshot's transaction and in the
 * restore's, so that the same rows are the same bytes whoever reads them and the restore's SHA-256 check compares
 * like with like. Left to the session, pgJDBC sends the JVM's default zone as TimeZone, so timestamps read on a
 * laptop in Europe/Berlin differ from those a UTC host wrote; the server's or a role's DateStyle, IntervalStyle,
 * extra_float_digits and bytea_output change the text likewise; and text keys would sort by the database's
 * collation, which another cluster may not share, where {@code COLLATE "C"} sorts by bytes everywhere.
 * <p>
 * Backups of format 1 (taken before 2026-12-06) record none of this: they were read in the zone of the JVM that took
 * them (UTC on the production hosts, which set no other) and ordered by the database's collation, and are checked
 * so, in a zone the operator names if not UTC.
 */
final class CopyText {

    /** What a backup reads and a restore checks with, in the manifest's words. */
    static final CopyText PINNED = new CopyText(settings("UTC"), Optional.of("C"));

    private final Map<String, String> settings;
    private final Optional<String> collation;

    private CopyText(Map<String, String> settings, Optional<String> collation) {
        this.settings = settings;
        this.collation = collation;
    }

    /** How a backup of format 1 was read: pgJDBC's session in {@code zone}, keys in the database's collation. */
    static CopyText formerlyIn(ZoneId zone) {
        if (zone instanceof ZoneOffset offset && offset.getTotalSeconds() != 0) {
            // PostgreSQL reads '+01:00' as POSIX does, west of Greenwich: only a region says the same to both.
            throw new IllegalArgumentException("name the zone by its region (Europe/Berlin), not an offset: " + zone);
        }
        return new CopyText(settings(zone instanceof ZoneOffset ? "UTC" : zone.getId()), Optional.empty());
    }

    private static Map<String, String> settings(String timeZone) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("TimeZone", timeZone);
        settings.put("DateStyle", "ISO, YMD");
        settings.put("IntervalStyle", "postgres");
        settings.put("extra_float_digits", "3");
        settings.put("bytea_output", "hex");
        return settings;
    }

    /** Sets them for the rest of the current transaction only ({@code SET LOCAL}): pooled sessions keep their own. */
    void pin(Connection db) throws SQLException {
        try (PreparedStatement set = db.prepareStatement("SELECT set_config(?, ?, true)")) {
            for (Map.Entry<String, String> setting : settings.entrySet()) {
                set.setString(1, setting.getKey());
                set.setString(2, setting.getValue());
                set.executeQuery().close();
            }
        }
    }

    /** An ORDER BY term: text sorts by bytes ({@code COLLATE "C"}), other types as they compare. */
    String order(String expression, boolean collatable) {
        return collatable && collation.isPresent() ? expression + " COLLATE " + Tables.quote(collation.get()) : expression;
    }

    /** The manifest's {@code copy} line; none for the way format 1 read, which recorded nothing. */
    Optional<String> recorded() {
        return collation.map(c -> text());
    }

    /** The manifest's line: {@code TimeZone=UTC;DateStyle=ISO, YMD;…;collation=C}. */
    String text() {
        return settings.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(";"))
                + collation.map(c -> ";collation=" + c).orElse("");
    }

    @Override
    public String toString() {
        return text();
    }
}
