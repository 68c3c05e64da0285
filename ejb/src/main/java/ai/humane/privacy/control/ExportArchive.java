package ai.humane.privacy.control;

import ai.humane.json.control.JsonP;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes an export (L3) as a ZIP of JSON lines, one entry per kind of record ({@code messages.jsonl}…), and
 * {@code manifest.json} last with each entry's record count, size and SHA-256. Rows come from the database
 * through a cursor ({@value #FETCH_ROWS} at a time) and go straight into the entry, so memory holds a fetch,
 * the deflater's window and one part of ciphertext, however large the tenant.
 */
public final class ExportArchive {

    static final int FETCH_ROWS = 500;
    public static final String MANIFEST = "manifest.json";

    private ExportArchive() {
    }

    /** Writes the archive of the tenant in scope (or of one end user) to {@code out}; answers the manifest. */
    public static JsonObject write(Connection db, OutputStream out, UUID job, UUID endUser) throws IOException, SQLException {
        JsonArrayBuilder files = JsonP.createArrayBuilder();
        JsonObjectBuilder counts = JsonP.createObjectBuilder();
        try (ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
            for (TenantData.Kind kind : TenantData.KINDS) {
                String query = kind.query(endUser != null);
                if (query != null) {
                    Entry entry = entry(db, zip, kind.name() + ".jsonl", query, endUser);
                    files.add(entry.json());
                    counts.add(kind.name(), entry.records());
                }
            }
            JsonObject manifest = JsonP.createObjectBuilder()
                    .add("format", "humane-export/1")
                    .add("job_id", job.toString())
                    .add("scope", endUser == null ? "account" : "end_user")
                    .add("created_at", Instant.now().toString())
                    .add("files", files).build();
            zip.putNextEntry(new ZipEntry(MANIFEST));
            zip.write(manifest.toString().getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            return JsonP.createObjectBuilder().add("manifest", manifest).add("counts", counts).build();
        }
    }

    private static Entry entry(Connection db, ZipOutputStream zip, String name, String query, UUID endUser)
            throws IOException, SQLException {
        MessageDigest digest = sha256();
        long records = 0;
        long bytes = 0;
        zip.putNextEntry(new ZipEntry(name));
        try (PreparedStatement rows = db.prepareStatement(query)) {
            rows.setFetchSize(FETCH_ROWS);
            if (endUser != null) {
                rows.setObject(1, endUser);
            }
            try (ResultSet row = rows.executeQuery()) {
                while (row.next()) {
                    byte[] line = (row.getString(1) + "\n").getBytes(StandardCharsets.UTF_8);
                    digest.update(line);
                    zip.write(line);
                    records++;
                    bytes += line.length;
                }
            }
        }
        zip.closeEntry();
        return new Entry(name, records, bytes, HexFormat.of().formatHex(digest.digest()));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Entry(String name, long records, long bytes, String sha256) {

        JsonObject json() {
            return JsonP.createObjectBuilder().add("name", name).add("records", records).add("bytes", bytes)
                    .add("sha256", sha256).build();
        }
    }
}
