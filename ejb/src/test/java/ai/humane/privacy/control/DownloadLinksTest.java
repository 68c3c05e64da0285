package ai.humane.privacy.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.humane.audit.control.AuditActor;
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
    private final AuditActor user = AuditActor.user(UUID.randomUUID());

    private DownloadLinks at(Instant instant) {
        return new DownloadLinks(keys, Clock.fixed(instant, ZoneOffset.UTC));
    }

    @Test
    void aLinkNamesItsTenantJobAndHolderUntilItExpires() {
        String token = at(now).issue(tenant, job, user).token();
        assertEquals(DownloadLinks.TOKEN_CHARS, token.length());
        assertEquals(new DownloadLinks.Target(tenant, job, user), at(now.plus(Duration.ofMinutes(14))).verify(token, job));
        AuditActor key = AuditActor.apiKey(UUID.randomUUID());
        assertEquals(key, at(now).verify(at(now).issue(tenant, job, key).token(), job).issuedTo());
        assertThrows(IllegalArgumentException.class, () -> at(now).issue(tenant, job, AuditActor.system()));
        assertThrows(DownloadLinks.LinkRefused.class, () -> at(now.plus(DownloadLinks.LIFETIME)).verify(token, job));
    }

    @Test
    void refusesAnotherJobAnotherKeyAndAlteredTokens() {
        String token = at(now).issue(tenant, job, user).token();
        assertThrows(DownloadLinks.LinkRefused.class, () -> at(now).verify(token, UUID.randomUUID()));
        assertThrows(DownloadLinks.LinkRefused.class, () -> new DownloadLinks(new HmacKeys(HmacKeys.generateKey()),
                Clock.fixed(now, ZoneOffset.UTC)).verify(token, job));
        char flipped = token.charAt(10) == 'A' ? 'B' : 'A';
        String altered = token.substring(0, 10) + flipped + token.substring(11);
        assertThrows(DownloadLinks.LinkRefused.class, () -> at(now).verify(altered, job));
        // The holder is signed too: another person's id in a good link is refused.
        int holder = (1 + 16 + 16 + 8 + 1) * 4 / 3 + 2;
        char other = token.charAt(holder) == 'A' ? 'B' : 'A';
        String reassigned = token.substring(0, holder) + other + token.substring(holder + 1);
        assertThrows(DownloadLinks.LinkRefused.class, () -> at(now).verify(reassigned, job));
        assertThrows(DownloadLinks.LinkRefused.class, () -> at(now).verify(token + "A", job));
        assertThrows(DownloadLinks.LinkRefused.class, () -> at(now).verify(null, job));
    }
}
