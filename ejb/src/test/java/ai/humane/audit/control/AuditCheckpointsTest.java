package ai.humane.audit.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.humane.audit.control.AuditCheckpoints.Checkpoint;
import ai.humane.problems.control.InvalidField;
import ai.humane.sessions.control.AccessTokens;
import ai.humane.sessions.control.SigningKeys;
import ai.humane.sessions.control.TokenClaims;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Date;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A checkpoint reads back as the head it signed, for its tenant only, and only from a current key of the set; it is
 * never an access token, and an access token is never a checkpoint, though both are signed with the same keys.
 */
class AuditCheckpointsTest {

    private static final Instant NOW = Instant.parse("2026-12-06T13:45:30.250Z");
    private static final UUID TENANT = UUID.fromString("3f2a1b4c-0000-4000-8000-00000000000a");
    private static final ChainHead HEAD = new ChainHead(42, filled(7));

    private final SigningKeys keys = new SigningKeys(SigningKeys.generate("2026-12"));
    private final AuditCheckpoints checkpoints = new AuditCheckpoints(keys);

    @Test
    void aCheckpointReadsBackAsTheHeadItSigned() throws Exception {
        Checkpoint taken = checkpoints.sign(TENANT, HEAD, NOW);
        assertEquals(Instant.parse("2026-12-06T13:45:30Z"), taken.at());
        assertEquals(taken, checkpoints.read(taken.jws(), TENANT));
        SignedJWT jws = SignedJWT.parse(taken.jws());
        assertEquals(AuditCheckpoints.TYPE, jws.getHeader().getType());
        assertEquals("2026-12", jws.getHeader().getKeyID());
        assertEquals(42L, jws.getJWTClaimsSet().getLongClaim("seq"));
        assertEquals("07".repeat(32), jws.getJWTClaimsSet().getStringClaim("hash"));
    }

    @Test
    void aCheckpointOfARotatedOutKeyOrAnotherTenantIsRefused() {
        String taken = checkpoints.sign(TENANT, HEAD, NOW).jws();
        SigningKeys rotated = new SigningKeys(keys.withNewKey("2027-01"));
        assertEquals(HEAD, new AuditCheckpoints(rotated).read(taken, TENANT).head(), "the previous key still counts");
        SigningKeys dropped = new SigningKeys(new SigningKeys(keys.withNewKey("2027-01")).withoutKey("2026-12"));
        assertRefused(new AuditCheckpoints(dropped), taken, TENANT);
        assertRefused(new AuditCheckpoints(new SigningKeys(SigningKeys.generate("2026-12"))), taken, TENANT);
        assertRefused(checkpoints, taken, UUID.randomUUID());
    }

    @Test
    void anAccessTokenIsNoCheckpointAndACheckpointNoAccessToken() {
        AccessTokens tokens = new AccessTokens(keys, "https://humane.test", "humane-api", Clock.fixed(NOW, ZoneOffset.UTC));
        String token = tokens.issue(TokenClaims.forApiKey(UUID.randomUUID(), TENANT, "owner", Set.of("read")));
        assertRefused(checkpoints, token, TENANT);
        assertEquals(Optional.empty(), tokens.verify(checkpoints.sign(TENANT, HEAD, NOW).jws()));
        String sameClaimsAsToken = keys.sign(JOSEObjectType.JWT, new JWTClaimsSet.Builder().claim("tenant_id", TENANT.toString())
                .claim("seq", 42L).claim("hash", HEAD.hashHex()).issueTime(Date.from(NOW)).build());
        assertRefused(checkpoints, sameClaimsAsToken, TENANT);
    }

    @Test
    void malformedClaimsGarbageAndOversizedAreRefused() {
        for (JWTClaimsSet claims : new JWTClaimsSet[] {
                new JWTClaimsSet.Builder().claim("tenant_id", TENANT.toString()).claim("seq", "42").claim("hash", HEAD.hashHex())
                        .issueTime(Date.from(NOW)).build(),
                new JWTClaimsSet.Builder().claim("tenant_id", TENANT.toString()).claim("seq", -1L).claim("hash", HEAD.hashHex())
                        .issueTime(Date.from(NOW)).build(),
                new JWTClaimsSet.Builder().claim("tenant_id", TENANT.toString()).claim("seq", 42L).claim("hash", "07")
                        .issueTime(Date.from(NOW)).build(),
                new JWTClaimsSet.Builder().claim("tenant_id", TENANT.toString()).claim("seq", 42L).claim("hash", HEAD.hashHex())
                        .build()}) {
            assertRefused(checkpoints, keys.sign(AuditCheckpoints.TYPE, claims), TENANT);
        }
        String taken = checkpoints.sign(TENANT, HEAD, NOW).jws();
        for (String garbage : new String[] {null, "", "garbage", "a.b.c", taken + "=", taken.replace('.', '!'),
                "x".repeat(AuditCheckpoints.MAX_CHARS + 1)}) {
            assertRefused(checkpoints, garbage, TENANT);
        }
    }

    private static void assertRefused(AuditCheckpoints by, String checkpoint, UUID tenant) {
        InvalidField refused = assertThrows(InvalidField.class, () -> by.read(checkpoint, tenant));
        assertEquals("checkpoint", refused.errors().get(0).field());
        assertEquals(400, refused.status());
    }

    private static byte[] filled(int value) {
        byte[] hash = new byte[32];
        Arrays.fill(hash, (byte) value);
        return hash;
    }
}
