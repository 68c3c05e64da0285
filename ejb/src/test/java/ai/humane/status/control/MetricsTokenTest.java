package ai.humane.status.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class MetricsTokenTest {

    private static final String TOKEN = "3f6c0e9a51d24b7c8e0f1a2b3c4d5e6f";

    private final MetricsToken token = MetricsToken.from(Optional.of(TOKEN)).orElseThrow();

    @Test
    void admitsExactlyTheTokenAsABearerCredential() {
        assertTrue(token.admits("Bearer " + TOKEN));
        assertTrue(token.admits("bearer " + TOKEN + " "), "the scheme is case-insensitive, as in RFC 9110");
    }

    @Test
    void refusesAnythingElse() {
        for (String authorization : new String[] {null, "", "Bearer", "Bearer ", TOKEN, "Basic " + TOKEN,
                "Bearer " + TOKEN + "0", "Bearer " + TOKEN.substring(1), "Bearer " + TOKEN.toUpperCase(),
                "Bearer " + TOKEN.substring(0, 31) + "0"}) {
            assertFalse(token.admits(authorization), String.valueOf(authorization));
        }
    }

    @Test
    void noTokenMeansMetricsAreClosed() {
        assertEquals(Optional.empty(), MetricsToken.from(Optional.empty()));
        assertEquals(Optional.empty(), MetricsToken.from(Optional.of("  ")));
    }

    @Test
    void aGuessableTokenIsRefusedByName() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> MetricsToken.from(Optional.of(TOKEN.substring(1))));
        assertEquals("METRICS_TOKEN is 31 characters; at least 32 random characters are needed (openssl rand -hex 32)",
                refused.getMessage());
    }
}
