package ai.humane.audit.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.accounts.control.TenantProvisioning.Provisioned;
import ai.humane.testing.Api;
import ai.humane.testing.Fixtures;
import ai.humane.testing.HttpTest;
import ai.humane.testing.Rows;
import ai.humane.testing.Tenants;
import ai.humane.testing.TestPlatform;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * L1 against those who hold the chain key: the owner role and the superuser can rewrite a tenant's chain consistently,
 * so that {@code GET /audit-events/verify} still answers valid; a checkpoint the tenant kept, signed with a key of
 * JWT_SIGNING_KEYS (which is not in the database), no longer matches such a chain. Checkpoints are checked with the
 * published JWKS alone, are never access tokens, and anything not a current checkpoint of the caller's tenant is 400.
 */
class AuditCheckpointsIT extends HttpTest {

    private static final String EVENTS = "api/v1/audit-events";
    private static final String CHECKPOINT = EVENTS + "/checkpoint";
    private static final String CHECK = CHECKPOINT + "/verify";
    private static final JOSEObjectType TYPE = new JOSEObjectType("humane-audit-checkpoint+jwt");

    private Api api;
    private Provisioned tenant;
    private String ownerKey;
    private Fixtures owner;

    @BeforeEach
    void tenant() {
        api = new Api(deployment);
        tenant = Tenants.create("Checkpointed");
        ownerKey = tenant.apiKey();
        owner = new Fixtures(api, ownerKey);
    }

    /**
     * The threat and the control: rewritten with the database's key from seq 2 on, every later hash recomputed and the
     * head moved, the chain still verifies, but the checkpoint taken before no longer matches (broken once: with the
     * hash comparison taken out of audit_checkpoint_holds, matches was true). Untouched, and grown since, it matches;
     * so does the checkpoint of the empty chain.
     */
    @Test
    void aChainRewrittenWithTheDatabaseKeyStillVerifiesButNoLongerMatchesTheKeptCheckpoint() {
        JsonObject empty = take(ownerKey);
        assertEquals(0, empty.getInt("seq"));
        assertEquals("0".repeat(64), empty.getString("hash"));
        UUID first = owner.apiKeyId("[\"read\"]");
        owner.apiKeyId("[\"read\",\"write\"]");
        api.delete("api/v1/api-keys/" + first, ownerKey);

        JsonObject kept = take(ownerKey);
        assertEquals(3, kept.getInt("seq"));
        JsonObject newest = api.get(EVENTS + "?limit=1", ownerKey).json().getJsonArray("data").getJsonObject(0);
        assertEquals(newest.getString("hash"), kept.getString("hash"), "the checkpoint signs the head event's hash");
        assertEquals(held(true, 3, true), check(kept.getString("checkpoint")));
        assertEquals(held(true, 0, true), check(empty.getString("checkpoint")));
        owner.apiKeyId("[\"read\"]");
        assertEquals(held(true, 3, true), check(kept.getString("checkpoint")), "a chain that grew still holds it");

        rewriteFrom(2);
        JsonObject verified = api.get(EVENTS + "/verify", ownerKey).json();
        assertTrue(verified.getBoolean("valid"), "the threat is real: the database's own check passes " + verified);
        assertEquals(4, verified.getInt("events_checked"));
        assertFalse(newest.getString("hash").equals(
                api.get(EVENTS + "?limit=2", ownerKey).json().getJsonArray("data").getJsonObject(1).getString("hash")));
        assertEquals(held(true, 3, false), check(kept.getString("checkpoint")));
        assertEquals(held(true, 0, true), check(empty.getString("checkpoint")), "before the rewrite, nothing changed");
    }

    /** A chain cut back past a checkpoint, head moved with it, verifies; the checkpoint's seq is gone: no match. */
    @Test
    void aChainCutBackPastTheCheckpointNoLongerMatchesIt() {
        owner.apiKeyId("[\"read\"]");
        owner.apiKeyId("[\"read\"]");
        JsonObject kept = take(ownerKey);
        assertEquals(2, kept.getInt("seq"));
        Rows.execute("DELETE FROM admin_audit_events WHERE tenant_id = ? AND seq = 2", tenant.tenantId());
        Rows.execute("UPDATE admin_audit_chains c SET last_seq = 1, last_hash = e.hash FROM admin_audit_events e"
                + " WHERE c.tenant_id = ? AND e.tenant_id = c.tenant_id AND e.seq = 1", tenant.tenantId());
        assertTrue(api.get(EVENTS + "/verify", ownerKey).json().getBoolean("valid"));
        assertEquals(held(true, 2, false), check(kept.getString("checkpoint")));
    }

    /**
     * Anyone can check a checkpoint with the published keys alone: its kid is in the JWKS, its type is the
     * checkpoint's, and it signs the tenant, the seq and the hash answered beside it.
     */
    @Test
    void aCheckpointIsCheckedWithThePublishedKeysAlone() throws Exception {
        owner.apiKeyId("[\"read\"]");
        JsonObject taken = take(ownerKey);
        SignedJWT jws = SignedJWT.parse(taken.getString("checkpoint"));
        assertEquals(TYPE, jws.getHeader().getType());
        assertEquals(JWSAlgorithm.ES256, jws.getHeader().getAlgorithm());
        JWKSet published = JWKSet.parse(api.get(".well-known/jwks.json", null).body());
        ECKey key = (ECKey) published.getKeyByKeyId(jws.getHeader().getKeyID());
        assertFalse(key.isPrivate());
        assertTrue(jws.verify(new ECDSAVerifier(key)), "the published key verifies the checkpoint");
        JWTClaimsSet claims = jws.getJWTClaimsSet();
        assertEquals(tenant.tenantId().toString(), claims.getStringClaim("tenant_id"));
        assertEquals(taken.getJsonNumber("seq").longValue(), claims.getLongClaim("seq"));
        assertEquals(taken.getString("hash"), claims.getStringClaim("hash"));
        assertEquals(taken.getString("at"), claims.getIssueTime().toInstant().toString());
    }

    /**
     * A checkpoint is signed with the access-token keys but is not an access token: its typ is not {@code JWT}, and it
     * carries no issuer, audience, expiry or role besides.
     */
    @Test
    void aCheckpointIsRefusedAsAnAccessToken() {
        String checkpoint = take(ownerKey).getString("checkpoint");
        for (String path : new String[] {EVENTS, CHECKPOINT, "api/v1/engines"}) {
            Api.Answer refused = api.get(path, checkpoint);
            assertEquals(401, refused.status(), path + " " + refused.body());
            assertEquals("https://humane.ai/problems/unauthenticated", refused.problemType());
        }
    }

    /**
     * 400 validation, never 500, for anything but a checkpoint of this tenant signed by a current key: forged with
     * another key under a published kid, signed by a key no longer (or never) in the set, tampered, an access token,
     * another tenant's, garbage, oversized; a body that is not JSON is 400 malformed-json. A checkpoint signed by the
     * previous key of a rotation still counts.
     */
    @Test
    void anythingButACurrentCheckpointOfThisTenantIsRefused() throws Exception {
        owner.apiKeyId("[\"read\"]");
        JsonObject taken = take(ownerKey);
        JWTClaimsSet claims = SignedJWT.parse(taken.getString("checkpoint")).getJWTClaimsSet();
        assertEquals(held(true, 1, true), check(signed(published("it-1"), TYPE, claims)), "the previous key of a rotation");

        String[] parts = taken.getString("checkpoint").split("\\.");
        String tampered = parts[0] + "." + b64(new JWTClaimsSet.Builder(claims).claim("seq", 0L).build().toString())
                + "." + parts[2];
        String accessToken = api.post("api/v1/auth/token", ownerKey, "").json().getString("access_token");
        String othersCheckpoint = take(Tenants.create("OtherCheckpointed").apiKey()).getString("checkpoint");
        List<String> refused = List.of(
                signed(new ECKeyGenerator(Curve.P_256).keyID("it-2").generate(), TYPE, claims),
                signed(new ECKeyGenerator(Curve.P_256).keyID("it-9").generate(), TYPE, claims),
                signed(published("it-2"), JOSEObjectType.JWT, claims),
                signed(published("it-2"), TYPE, new JWTClaimsSet.Builder(claims).claim("seq", "1").build()),
                signed(published("it-2"), TYPE, new JWTClaimsSet.Builder(claims).claim("hash", null).build()),
                tampered, accessToken, othersCheckpoint, "garbage", "a.b.c", "", "x".repeat(5000));
        for (String checkpoint : refused) {
            assertInvalid(api.post(CHECK, ownerKey, Json.createObjectBuilder().add("checkpoint", checkpoint).build().toString()),
                    checkpoint);
        }
        assertInvalid(api.post(CHECK, ownerKey, "{}"), "no checkpoint");
        assertInvalid(api.post(CHECK, ownerKey, "{\"checkpoint\":null}"), "a null checkpoint");
        Api.Answer notJson = api.post(CHECK, ownerKey, "checkpoint");
        assertEquals(400, notJson.status(), notJson.body());
        assertEquals("application/problem+json", notJson.header("Content-Type"));
        assertEquals("https://humane.ai/problems/malformed-json", notJson.problemType());
        assertEquals(held(true, 1, true), check(taken.getString("checkpoint")), "the control: the untouched one");
    }

    /**
     * Owners and admins only, as the verification: an owner's read key takes checkpoints but may not POST (it can compare
     * one with the export instead); members and viewers are forbidden; without a credential, unauthenticated.
     */
    @Test
    void lesserRolesReadKeysAndStrangersAreRefused() throws SQLException {
        String checkpoint = take(ownerKey).getString("checkpoint");
        String body = Json.createObjectBuilder().add("checkpoint", checkpoint).build().toString();
        String readKey = owner.apiKey("[\"read\"]");
        assertEquals(200, api.get(CHECKPOINT, readKey).status());
        assertForbidden(api.post(CHECK, readKey, body), "read key");
        for (String role : new String[] {"member", "viewer"}) {
            String key = Tenants.keyWithRole(tenant.tenantId(), role);
            assertForbidden(api.get(CHECKPOINT, key), role);
            assertForbidden(api.post(CHECK, key, body), role);
        }
        for (Api.Answer answer : List.of(api.get(CHECKPOINT, null), api.post(CHECK, null, body))) {
            assertEquals(401, answer.status(), answer.body());
            assertEquals("application/problem+json", answer.header("Content-Type"));
            assertEquals("https://humane.ai/problems/unauthenticated", answer.problemType());
        }
    }

    private JsonObject take(String key) {
        Api.Answer answer = api.get(CHECKPOINT, key);
        assertEquals(200, answer.status(), answer.body());
        return answer.json();
    }

    private JsonObject check(String checkpoint) {
        Api.Answer answer = api.post(CHECK, ownerKey, Json.createObjectBuilder().add("checkpoint", checkpoint).build().toString());
        assertEquals(200, answer.status(), answer.body());
        return answer.json();
    }

    private static JsonObject held(boolean valid, long seq, boolean matches) {
        return Json.createObjectBuilder().add("valid", valid).add("seq", seq).add("matches", matches).build();
    }

    private static void assertInvalid(Api.Answer answer, String what) {
        assertEquals(400, answer.status(), what + " " + answer.body());
        assertEquals("application/problem+json", answer.header("Content-Type"), what);
        assertEquals("https://humane.ai/problems/validation", answer.problemType(), what);
    }

    private static void assertForbidden(Api.Answer answer, String who) {
        assertEquals(403, answer.status(), who + " " + answer.body());
        assertEquals("https://humane.ai/problems/forbidden", answer.problemType(), who);
    }

    /**
     * What the owner role or the superuser can do with the key in the database: change the event at {@code from} and
     * recompute every later link and hash with audit_event_hmac, and move the head to the new last hash.
     */
    private void rewriteFrom(long from) {
        Rows.execute("""
                DO $$
                DECLARE
                    e admin_audit_events%%ROWTYPE;
                    previous bytea;
                BEGIN
                    SELECT coalesce((SELECT ev.hash FROM admin_audit_events ev WHERE ev.tenant_id = '%1$s' AND ev.seq = %2$d - 1),
                                    decode(repeat('00', 32), 'hex')) INTO previous;
                    FOR e IN SELECT * FROM admin_audit_events ev WHERE ev.tenant_id = '%1$s' AND ev.seq >= %2$d ORDER BY ev.seq LOOP
                        IF e.seq = %2$d THEN
                            e.after := jsonb_set(e.after, '{name}', '"rewritten"');
                        END IF;
                        e.prev_hash := previous;
                        e.hash := audit_event_hmac(e);
                        UPDATE admin_audit_events SET after = e.after, prev_hash = e.prev_hash, hash = e.hash WHERE id = e.id;
                        previous := e.hash;
                    END LOOP;
                    UPDATE admin_audit_chains SET last_hash = previous WHERE tenant_id = '%1$s';
                END $$""".formatted(tenant.tenantId(), from));
    }

    private static ECKey published(String kid) throws Exception {
        return (ECKey) JWKSet.parse(TestPlatform.signingKeys()).getKeyByKeyId(kid);
    }

    private static String signed(ECKey key, JOSEObjectType type, JWTClaimsSet claims) throws Exception {
        SignedJWT jws = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).type(type).build(),
                claims);
        jws.sign(new ECDSASigner(key));
        return jws.serialize();
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
