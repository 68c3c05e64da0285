package ai.humane.sessions.control;

import static ai.humane.sessions.control.TokenForge.NOW;
import static ai.humane.sessions.control.TokenForge.SESSION;
import static ai.humane.sessions.control.TokenForge.TENANT;
import static ai.humane.sessions.control.TokenForge.USER;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.humane.testing.MovingClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A verified token is remembered until it expires, never past it, and never for another spelling or without bound. */
class VerifiedTokensTest {

    private final MovingClock clock = new MovingClock(NOW);
    private final AccessTokens tokens = new AccessTokens(new SigningKeys(SigningKeys.generate("2026-01")),
            TokenForge.ISSUER, TokenForge.AUDIENCE, clock);
    private final TokenClaims member = TokenClaims.forUser(USER, SESSION, TENANT, "member", Set.of("read"));

    @Test
    void aRememberedTokenIsRefusedOnceItExpires() {
        String token = tokens.issue(member);
        assertEquals(Optional.of(member), tokens.verify(token));
        clock.set(NOW.plus(AccessTokens.LIFETIME).plus(AccessTokens.CLOCK_SKEW).minusSeconds(1));
        assertEquals(Optional.of(member), tokens.verify(token), "remembered, still in time");
        clock.advance(Duration.ofSeconds(1));
        assertEquals(Optional.empty(), tokens.verify(token), "expired, remembered or not");
    }

    @Test
    void aRememberedTokenVouchesForNoOtherText() {
        String token = tokens.issue(member);
        assertEquals(Optional.of(member), tokens.verify(token));
        String[] parts = token.split("\\.");
        assertEquals(Optional.empty(), tokens.verify(parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse()));
        assertEquals(Optional.empty(), tokens.verify(token + "A"));
    }

    @Test
    void remembersNoMoreThanItsCapacityAndMakesRoomAsEntriesExpire() {
        VerifiedTokens verified = new VerifiedTokens(2);
        Instant goodUntil = NOW.plus(Duration.ofMinutes(15));
        verified.remember("a", member, goodUntil, NOW);
        verified.remember("b", member, goodUntil, NOW);
        verified.remember("c", member, goodUntil, NOW);
        assertEquals(2, verified.size());
        assertEquals(Optional.empty(), verified.recall("c", NOW), "not remembered: full");
        assertEquals(Optional.of(member), verified.recall("a", NOW));
        verified.remember("d", member, goodUntil.plusSeconds(60), goodUntil);
        assertEquals(1, verified.size(), "the expired two made room for the new one");
        assertEquals(Optional.of(member), verified.recall("d", goodUntil));
    }
}
