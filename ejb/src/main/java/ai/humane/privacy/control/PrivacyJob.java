package ai.humane.privacy.control;

import java.time.Instant;
import java.util.UUID;

/** An export or erasure job as its owner sees it: ids, state, counts and times, never the data itself. */
public record PrivacyJob(UUID id, String kind, String scope, String status, String counts, Long archiveBytes,
                         String error, Instant createdAt, Instant finishedAt, Instant expiresAt) {

    /** True while an export's archive can be downloaded. */
    public boolean downloadable() {
        return "export".equals(kind) && "succeeded".equals(status) && archiveBytes != null;
    }
}
