package ai.humane.privacy.control;

import java.util.UUID;

/** A job one instance holds under its lease: {@code endUser} is null for an account export. */
public record ClaimedJob(UUID tenantId, UUID id, UUID claim, String kind, UUID endUser, String requestedBy, int attempts) {

    @Override
    public String toString() {
        return "Privacy job " + id + " (" + kind + ")";
    }
}
