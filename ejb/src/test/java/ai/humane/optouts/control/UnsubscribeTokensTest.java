package ai.humane.optouts.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.crypto.control.HmacKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UnsubscribeTokensTest {

    private static final Instant ISSUED = Instant.parse("2025-03-01T12:00:00Z");
    private static final String KEY = HmacKeys.generateKey();
    private static final UUID TENANT = UUID.randomUUID();
    private static final UUID USER = UUID.randomUUID();

    private final UnsubscribeTokens issuer = tokensAt(ISSUED, KEY);
    private final String token = issuer.issue(TENANT, USER, MailList.NOTIFICATIONS);

    @Test
    void aFreshTokenSaysWhoStopsWhichList() {
        UnsubscribeToken verified = tokensAt(ISSUED.plusSeconds(60), KEY).verify(token);

        assertEquals(new UnsubscribeToken(TENANT, USER, MailList.NOTIFICATIONS, ISSUED), verified);
    }

    @Test
    void isOneHundredUrlSafeCharactersWithoutTheRecipientsAddress() {
        assertEquals(UnsubscribeTokens.TOKEN_CHARS, token.length());
        assertTrue(token.matches("[A-Za-z0-9_-]+"), token);
    }

    @Test
    void holdsForThirtyDaysAndNotOneSecondMore() {
        Instant last = ISSUED.plus(UnsubscribeTokens.LIFETIME).minusSeconds(1);

        assertEquals(USER, tokensAt(last, KEY).verify(token).user());
        assertThrows(TokenExpired.class, () -> tokensAt(last.plusSeconds(1), KEY).verify(token));
        assertThrows(TokenExpired.class, () -> tokensAt(ISSUED.plus(Duration.ofDays(400)), KEY).verify(token));
    }

    @Test
    void rejectsATokenIssuedFurtherAheadThanClocksDiffer() {
        assertEquals(USER, tokensAt(ISSUED.minus(UnsubscribeTokens.SKEW), KEY).verify(token).user());
        assertThrows(InvalidToken.class, () -> tokensAt(ISSUED.minus(UnsubscribeTokens.SKEW).minusSeconds(1), KEY)
                .verify(token));
    }

    @Test
    void rejectsEverySingleBitFlipAtEveryPosition() {
        byte[] bytes = Base64.getUrlDecoder().decode(token);
        UnsubscribeTokens verifier = tokensAt(ISSUED, KEY);
        for (int bit = 0; bit < bytes.length * 8; bit++) {
            byte[] flipped = bytes.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            String tampered = Base64.getUrlEncoder().withoutPadding().encodeToString(flipped);
            int at = bit;
            assertThrows(InvalidToken.class, () -> verifier.verify(tampered), "bit " + at + " flipped was accepted");
        }
    }

    @Test
    void rejectsTruncatedAndExtendedTokens() {
        UnsubscribeTokens verifier = tokensAt(ISSUED, KEY);
        for (int length = 0; length < token.length(); length++) {
            String cut = token.substring(0, length);
            assertThrows(InvalidToken.class, () -> verifier.verify(cut), "cut to " + length);
        }
        assertThrows(InvalidToken.class, () -> verifier.verify(token + "A"));
        assertThrows(InvalidToken.class, () -> verifier.verify(token + token));
        assertThrows(InvalidToken.class, () -> verifier.verify("A".repeat(100_000)));
        assertThrows(InvalidToken.class, () -> verifier.verify(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"+", "/", "=", " ", ".", "%", "\u00e9"})
    void rejectsCharactersOutsideUrlSafeBase64(String character) {
        String malformed = token.substring(0, 50) + character + token.substring(51);

        assertThrows(InvalidToken.class, () -> tokensAt(ISSUED, KEY).verify(malformed));
    }

    @Test
    void rejectsPaddingThatShortensTheToken() {
        String padded = token.substring(0, 98) + "==";

        assertThrows(InvalidToken.class, () -> tokensAt(ISSUED, KEY).verify(padded));
    }

    @Test
    void rejectsATokenSignedWithAnotherKey() {
        String forged = tokensAt(ISSUED, HmacKeys.generateKey()).issue(TENANT, USER, MailList.NOTIFICATIONS);

        assertThrows(InvalidToken.class, () -> tokensAt(ISSUED, KEY).verify(forged));
    }

    @Test
    void rejectsOtherVersionsPurposesAndListsEvenWhenSigned() {
        long now = ISSUED.getEpochSecond();
        UnsubscribeTokens verifier = tokensAt(ISSUED, KEY);
        byte list = MailList.NOTIFICATIONS.code();

        assertThrows(InvalidToken.class, () -> verifier.verify(issuer.encode((byte) 2, UnsubscribeTokens.PURPOSE, list, TENANT, USER, now)));
        assertThrows(InvalidToken.class, () -> verifier.verify(issuer.encode((byte) 0, UnsubscribeTokens.PURPOSE, list, TENANT, USER, now)));
        assertThrows(InvalidToken.class, () -> verifier.verify(issuer.encode(UnsubscribeTokens.VERSION, (byte) 'V', list, TENANT, USER, now)));
        assertThrows(InvalidToken.class, () -> verifier.verify(issuer.encode(UnsubscribeTokens.VERSION, UnsubscribeTokens.PURPOSE, (byte) 99, TENANT, USER, now)));
        assertEquals(USER, verifier.verify(issuer.encode(UnsubscribeTokens.VERSION, UnsubscribeTokens.PURPOSE, list, TENANT, USER, now)).user());
    }

    @Test
    void linksMailedUnderTheOldKeyHoldWhileANewKeySigns() {
        String newKey = HmacKeys.generateKey();
        UnsubscribeTokens rotated = tokensAt(ISSUED, newKey + "," + KEY);

        assertEquals(USER, rotated.verify(token).user());
        assertThrows(InvalidToken.class, () -> tokensAt(ISSUED, KEY).verify(rotated.issue(TENANT, USER, MailList.NOTIFICATIONS)));
        assertThrows(InvalidToken.class, () -> tokensAt(ISSUED, newKey).verify(token), "a dropped key's links stop");
    }

    @Test
    void theLinksPointAtTheConsolePageAndTheApiBelowThePublicBaseUrlWithOneToken() {
        UnsubscribeLinks links = new UnsubscribeLinks(tokensAt(ISSUED, KEY), "https://api.humane.test/");
        UnsubscribeLinks.Link link = links.link(TENANT, USER, MailList.NOTIFICATIONS);
        String url = link.oneClick();

        assertTrue(url.startsWith("https://api.humane.test/api/v1/email/unsubscribe?token="), url);
        assertEquals(USER, tokensAt(ISSUED, KEY).verify(url.substring(url.indexOf('=') + 1)).user());
        assertEquals("https://api.humane.test/unsubscribe?token=" + url.substring(url.indexOf('=') + 1), link.page());
        assertEquals(link, new UnsubscribeLinks(tokensAt(ISSUED, KEY), "https://api.humane.test")
                .link(TENANT, USER, MailList.NOTIFICATIONS), "one slash whether or not the base ends with one");
    }

    private static UnsubscribeTokens tokensAt(Instant now, String key) {
        return new UnsubscribeTokens(new HmacKeys(key), Clock.fixed(now, ZoneOffset.UTC));
    }
}
