package ai.humane.privacy.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.humane.crypto.control.KeyRing;
import ai.humane.privacy.control.ArchiveCipher;
import ai.humane.testing.TestPlatform;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** An export archive as a test reads it: its entries by name, and checks of its manifest against them. */
record Archive(Map<String, byte[]> entries) {

    static Archive unzip(byte[] zip) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                entries.put(entry.getName(), in.readAllBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Archive(entries);
    }

    /**
     * The sealed archive as stored, opened here with this run's FERNET_KEYS and the same derivation as the
     * application: what is at rest is the ciphertext of exactly what the download serves.
     */
    static byte[] openStored(UUID tenant, UUID job) {
        ByteArrayOutputStream sealed = new ByteArrayOutputStream();
        byte[] keyId;
        try (Connection c = TestPlatform.superuser()) {
            try (PreparedStatement parts = c.prepareStatement("SELECT bytes FROM privacy_archive_parts WHERE job_id = ? ORDER BY part")) {
                parts.setObject(1, job);
                try (ResultSet part = parts.executeQuery()) {
                    while (part.next()) {
                        sealed.writeBytes(part.getBytes(1));
                    }
                }
            }
            try (PreparedStatement key = c.prepareStatement("SELECT key_id FROM privacy_jobs WHERE id = ?")) {
                key.setObject(1, job);
                try (ResultSet row = key.executeQuery()) {
                    row.next();
                    keyId = row.getBytes(1);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        ArchiveCipher cipher = new ArchiveCipher(new KeyRing(TestPlatform.fernetKeys()).derive(ArchiveCipher.purpose()));
        try (InputStream opened = cipher.opening(new ByteArrayInputStream(sealed.toByteArray()), tenant, job, keyId)) {
            return opened.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonObject manifest() {
        return Json.createReader(new StringReader(text("manifest.json"))).readObject();
    }

    String text(String name) {
        return new String(entries.get(name), StandardCharsets.UTF_8);
    }

    /** Every entry the manifest lists has the records, size and SHA-256 it says; answers the record counts. */
    Map<String, Long> verify() {
        Map<String, Long> records = new LinkedHashMap<>();
        for (JsonValue value : manifest().getJsonArray("files")) {
            JsonObject file = value.asJsonObject();
            String name = file.getString("name");
            byte[] bytes = entries.get(name);
            assertEquals(file.getString("sha256"), sha256(bytes), name + ": digest");
            assertEquals(file.getJsonNumber("bytes").longValue(), bytes.length, name + ": size");
            long lines = text(name).lines().count();
            assertEquals(file.getJsonNumber("records").longValue(), lines, name + ": records");
            records.put(name.replace(".jsonl", ""), lines);
        }
        assertEquals(entries.size(), records.size() + 1, "every entry but the manifest is in the manifest");
        return records;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
