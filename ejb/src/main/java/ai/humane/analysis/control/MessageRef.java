package ai.humane.analysis.control;

import java.time.Instant;
import java.util.UUID;

/** The ids and time of a stored message: everything analysis keeps of it besides the analysis itself. */
public record MessageRef(UUID messageId, UUID endUserId, UUID engineId, UUID experimentId, String variant,
                         Instant messageAt) {
}
