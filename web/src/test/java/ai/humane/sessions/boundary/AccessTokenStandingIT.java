package ai.humane.sessions.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.humane.testing.Api;
import ai.humane.testing.Browser;
import ai.humane.testing.HttpTest;
import ai.humane.testing.Mailbox;
import ai.humane.testing.People;
import ai.humane.testing.Rows;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * S4, T2, K1 over HTTP: an access token dies with the session or API key it was issued from (sign-out, password
 * change and reset, removal from the team, key revocation) from the very next request, and acts with its
 * member's current role after a demotion.
 */
class AccessTokenStandingIT extends HttpTest {

    private static final String ENGINE = "{\"name\":\"e\",\"kind\":\"lexicon\"}";

    private Api api;
    private String ownerEmail;
    private UUID tenant;
    private Browser owner;

    @BeforeEach
    void owner() {
        api = new Api(deployment);
        People.forgetLoopback();
        ownerEmail = People.uniqueEmail("token-owner");
        tenant = UUID.fromString(People.signUp(api, ownerEmail).getString("tenant_id"));
        Rows.execute("UPDATE users SET verification_required = false WHERE email = ?", ownerEmail);
        owner = Browser.signIn(api, ownerEmail, People.PASSWORD);
    }

    @Test
    void aSessionsTokenIsRefusedOnceTheSessionIsSignedOut() {
        String token = token(owner);
        assertEquals(200, api.get("api/v1/auth/me", token).status());
        assertEquals(204, owner.write("POST", "api/v1/auth/logout", "").status());
        assertRefused(token);
    }

    @Test
    void signingOutWithATokenEndsItsSessionAndEveryTokenIssuedFromIt() {
        Browser browser = Browser.signIn(api, ownerEmail, People.PASSWORD);
        String first = token(browser);
        String second = token(first);
        assertEquals(204, api.post("api/v1/auth/logout", second, "").status());
        assertRefused(first);
        assertRefused(second);
        assertEquals(401, browser.get("api/v1/auth/me").status(), "the session the tokens stood for");
        assertEquals(200, owner.get("api/v1/auth/me").status(), "another session of the same person");
    }

    @Test
    void aPasswordChangeEndsTheTokensOfEveryOtherSession() {
        String elsewhere = token(Browser.signIn(api, ownerEmail, People.PASSWORD));
        String here = token(owner);
        assertEquals(204, owner.write("POST", "api/v1/auth/password",
                "{\"current_password\":\"" + People.PASSWORD + "\",\"new_password\":\"a brand new passphrase\"}").status());
        assertRefused(elsewhere);
        assertEquals(200, api.get("api/v1/auth/me", here).status(), "the session that changed it stays");
    }

    @Test
    void aPasswordResetEndsEveryToken() {
        String token = token(owner);
        assertEquals(202, api.post("api/v1/auth/password-reset", null, "{\"email\":\"" + ownerEmail + "\"}").status());
        String reset = Mailbox.tokenIn(Mailbox.bodyOf(ownerEmail, "Reset your Humane password"));
        assertEquals(204, api.post("api/v1/auth/password-reset/confirm", null,
                "{\"token\":\"" + reset + "\",\"new_password\":\"another fine passphrase\"}").status());
        assertRefused(token);
    }

    @Test
    void aRemovedMembersTokensDieWithTheirSessionsAndKeys() {
        String email = People.member(tenant, "admin");
        Browser member = Browser.signIn(api, email, People.PASSWORD);
        String sessionToken = token(member);
        Api.Answer issued = member.write("POST", "api/v1/api-keys", "{\"name\":\"mine\",\"scopes\":[\"read\",\"write\"]}");
        assertEquals(201, issued.status(), issued.body());
        String keyToken = token(issued.json().getString("key"));
        assertEquals(200, api.get("api/v1/engines", keyToken).status());

        assertEquals(204, owner.write("DELETE", "api/v1/team/members/" + People.idOf(email), "").status());
        assertRefused(sessionToken);
        assertRefused(keyToken);
    }

    @Test
    void aRevokedKeysTokensDie() {
        Api.Answer issued = owner.write("POST", "api/v1/api-keys", "{\"name\":\"ci\",\"scopes\":[\"read\",\"write\"]}");
        assertEquals(201, issued.status(), issued.body());
        String keyToken = token(issued.json().getString("key"));
        assertEquals(200, api.get("api/v1/engines", keyToken).status());
        assertEquals(204, owner.write("DELETE", "api/v1/api-keys/" + issued.json().getString("id"), "").status());
        assertRefused(keyToken);
    }

    @Test
    void aDemotedMembersTokenReadsButNoLongerWrites() {
        String email = People.member(tenant, "member");
        String token = token(Browser.signIn(api, email, People.PASSWORD));
        assertEquals(201, api.post("api/v1/engines", token, ENGINE).status());

        assertEquals(200, owner.write("PATCH", "api/v1/team/members/" + People.idOf(email), "{\"role\":\"viewer\"}").status());
        Api.Answer refused = api.post("api/v1/engines", token, ENGINE);
        assertEquals(403, refused.status(), refused.body());
        assertEquals("https://humane.ai/problems/forbidden", refused.problemType());
        assertEquals(200, api.get("api/v1/engines", token).status());
        assertEquals("viewer", api.get("api/v1/auth/me", token).json().getString("role"));
    }

    @Test
    void aKeysTokenFollowsItsIssuersDemotion() {
        String email = People.member(tenant, "admin");
        Browser admin = Browser.signIn(api, email, People.PASSWORD);
        Api.Answer issued = admin.write("POST", "api/v1/api-keys", "{\"name\":\"ops\",\"scopes\":[\"read\",\"write\"]}");
        String keyToken = token(issued.json().getString("key"));
        assertEquals(200, api.get("api/v1/api-keys", keyToken).status());

        assertEquals(200, owner.write("PATCH", "api/v1/team/members/" + People.idOf(email), "{\"role\":\"member\"}").status());
        assertEquals(403, api.get("api/v1/api-keys", keyToken).status(), "admin work with a member's standing");
        assertEquals(201, api.post("api/v1/engines", keyToken, ENGINE).status(), "member work still");
    }

    private String token(Browser browser) {
        Api.Answer answer = browser.write("POST", "api/v1/auth/token", "");
        assertEquals(200, answer.status(), answer.body());
        return answer.json().getString("access_token");
    }

    private String token(String credential) {
        Api.Answer answer = api.post("api/v1/auth/token", credential, "");
        assertEquals(200, answer.status(), answer.body());
        return answer.json().getString("access_token");
    }

    private void assertRefused(String token) {
        Api.Answer answer = api.get("api/v1/engines", token);
        assertEquals(401, answer.status(), answer.body());
        assertEquals("https://humane.ai/problems/unauthenticated", answer.problemType());
    }
}
