package ai.humane.privacy.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.humane.crypto.control.HmacKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DownloadLinksTest {

    private final HmacKeys keys = new HmacKeys(HmacKeys.generateKey());
    private final Instant now = Instant.parse("2026-12-02T12:00:00Z");
    private final UUID tenant = UUID.randomUUID();
    private final UUID job = UUID.randomUUID();

    private DownloadLinks at(Instant instant) {
        return new DownloadLinks(keys, Clock.fixed(instant, ZoneOffset.UTC));
    }

    @Test
    void aLinkNamesItsTenantAndJobUntilItExpires() {
        String token = at(now).issue(tenant, job).token();
        assertEquals(DownloadLinks.TOKEN_CHARS, token.length());
        assertEquals(new DownloadLinks.Target(tenant, job), at(now.plus(Duration.ofMinutes(14))).verify(token, job));
        assertThrows(DownloadLinks.LinkRefused.class, () -> at(now.plus(DownloadLinks.LIFETIME)).verify(token, job));
    }

    @Test
    void refusesAnotherJobAnotherKeyAndAlteredTokens() {
        String token = at(now).issue(tenant, job).token();
        assertThrows(DownloadLinks.LinkRefused.class, () -> at(now).verify(token, UUID.randomUUID()));
        assertThrows(DownloadLinks.LinkRefused.class, () -> new DownloadLinks(new HmacKeys(HmacKeys.generateKey()),
                Clock.fixed(now, ZoneOffset.UTC)).verify(token, job));
        char flipped = token.charAt(10) == 'A' ? 'B' : 'A';
        String altered = token.substring(0, 10) + flipped + token.substring(11);
        assertThrows(DownloadLinks.LinkRefused.class, () -> at(now).verify(altered, job));
        assertThrows(DownloadLinks.LinkRefused.class, () -> at(now).verify(token + "A", job));
        assertThrows(DownloadLinks.LinkRefused.class, () -> at(now).verify(null, job));
    }
}
