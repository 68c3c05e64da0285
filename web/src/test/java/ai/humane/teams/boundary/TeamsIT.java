package ai.humane.teams.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.testing.Api;
import ai.humane.testing.Browser;
import ai.humane.testing.HttpTest;
import ai.humane.testing.Mailbox;
import ai.humane.testing.People;
import ai.humane.testing.Rows;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** T2 and L1 over HTTP: invitations by e-mail, who may grant what, the last owner, removal; all audited. */
class TeamsIT extends HttpTest {

    private static final String ENGINE = "{\"name\":\"e\",\"kind\":\"lexicon\"}";

    private Api api;
    private Browser owner;
    private String ownerId;

    @BeforeEach
    void team() {
        api = new Api(deployment);
        People.forgetLoopback();
        String email = People.uniqueEmail("owner");
        ownerId = People.signUp(api, email).getString("user_id");
        Rows.execute("UPDATE users SET verification_required = false WHERE email = ?", email);
        owner = Browser.signIn(api, email, People.PASSWORD);
    }

    @Test
    void anInvitedPersonJoinsWithTheInvitedRole() {
        Browser member = join(owner, "member");
        assertEquals(201, member.write("POST", "api/v1/engines", ENGINE).status());
        assertEquals(403, member.get("api/v1/team/members").status(), "members do not manage the team");
        String audit = owner.get("api/v1/audit-events?limit=200").body();
        assertTrue(audit.contains("member.invited") && audit.contains("member.joined"), audit);
    }

    @Test
    void onlyOwnersGrantAdminAndAdminsManageTheRest() {
        Browser admin = join(owner, "admin");
        Api.Answer refused = admin.write("POST", "api/v1/team/invitations",
                "{\"email\":\"" + People.uniqueEmail("x") + "\",\"role\":\"admin\"}");
        assertEquals(403, refused.status(), refused.body());
        assertEquals(201, admin.write("POST", "api/v1/team/invitations",
                "{\"email\":\"" + People.uniqueEmail("x") + "\",\"role\":\"viewer\"}").status());
        assertEquals(403, admin.write("PATCH", "api/v1/team/members/" + ownerId, "{\"role\":\"member\"}").status());
        assertEquals(403, admin.write("DELETE", "api/v1/team/members/" + ownerId, "").status());
    }

    @Test
    void theLastOwnerCannotBeDemotedOrRemoved() {
        Api.Answer demote = owner.write("PATCH", "api/v1/team/members/" + ownerId, "{\"role\":\"admin\"}");
        assertEquals(409, demote.status(), demote.body());
        assertEquals(409, owner.write("DELETE", "api/v1/team/members/" + ownerId, "").status());
        Browser second = join(owner, "owner");
        assertEquals(200, second.write("PATCH", "api/v1/team/members/" + ownerId, "{\"role\":\"admin\"}").status());
    }

    @Test
    void aRoleChangeHoldsFromTheNextRequest() {
        Browser member = join(owner, "member");
        assertEquals(201, member.write("POST", "api/v1/engines", ENGINE).status());
        String memberId = Rows.single("SELECT id::text FROM users WHERE email = ?", member.email());
        assertEquals(200, owner.write("PATCH", "api/v1/team/members/" + memberId, "{\"role\":\"viewer\"}").status());
        assertEquals(403, member.write("POST", "api/v1/engines", ENGINE).status(), "same session, new role");
        assertTrue(owner.get("api/v1/audit-events?action=member.role_changed").body().contains(memberId));
    }

    @Test
    void aRemovedMemberLosesSessionsAndKeys() {
        Browser member = join(owner, "admin");
        Api.Answer issued = member.write("POST", "api/v1/api-keys", "{\"name\":\"mine\",\"scopes\":[\"read\"]}");
        assertEquals(201, issued.status(), issued.body());
        String key = issued.json().getString("key");
        String memberId = Rows.single("SELECT id::text FROM users WHERE email = ?", member.email());
        assertEquals(204, owner.write("DELETE", "api/v1/team/members/" + memberId, "").status());
        assertEquals(401, member.get("api/v1/auth/me").status());
        assertEquals(401, api.get("api/v1/engines", key).status());
        assertTrue(owner.get("api/v1/audit-events?action=member.removed").body().contains(memberId));
    }

    /**
     * A key made with a member's key answers to that member too: demoted, both keys read but no longer manage; removed,
     * both are refused. Before, the second key answered to nobody and kept admin for good (broken once).
     */
    @Test
    void aKeyMadeWithAMembersKeyFollowsTheMembersStanding() {
        Browser member = join(owner, "admin");
        Api.Answer first = member.write("POST", "api/v1/api-keys", "{\"name\":\"first\",\"scopes\":[\"read\",\"write\"]}");
        assertEquals(201, first.status(), first.body());
        Api.Answer second = api.post("api/v1/api-keys", first.json().getString("key"),
                "{\"name\":\"second\",\"scopes\":[\"read\",\"write\"]}");
        assertEquals(201, second.status(), second.body());
        String made = second.json().getString("key");
        assertEquals(200, api.get("api/v1/api-keys", made).status(), "an admin's key manages keys");
        String memberId = Rows.single("SELECT id::text FROM users WHERE email = ?", member.email());

        assertEquals(200, owner.write("PATCH", "api/v1/team/members/" + memberId, "{\"role\":\"viewer\"}").status());
        assertEquals(403, api.get("api/v1/api-keys", made).status(), "the member is a viewer now, and so is the key");
        assertEquals(200, api.get("api/v1/engines", made).status(), "a viewer's key still reads");
        assertEquals(204, owner.write("DELETE", "api/v1/team/members/" + memberId, "").status());
        assertEquals(401, api.get("api/v1/engines", made).status(), "the member is gone, and so is the key");
    }

    @Test
    void invitationsAreValidatedAndSingleUse() {
        String email = People.uniqueEmail("twice");
        assertEquals(201, owner.write("POST", "api/v1/team/invitations",
                "{\"email\":\"" + email + "\",\"role\":\"member\"}").status());
        String token = Mailbox.tokenIn(Mailbox.bodyOf(email, "You are invited"));
        String accept = "{\"token\":\"" + token + "\",\"name\":\"N\",\"password\":\"" + People.PASSWORD + "\"}";
        assertEquals(201, api.post("api/v1/auth/invitations/accept", null, accept).status());
        assertEquals(400, api.post("api/v1/auth/invitations/accept", null, accept).status());
        assertEquals(400, owner.write("POST", "api/v1/team/invitations", "{\"email\":\"x@y.test\",\"role\":\"god\"}").status());
    }

    /** Invites a fresh address with the role, accepts from the e-mail, and signs the new member in. */
    private Browser join(Browser inviter, String role) {
        String email = People.uniqueEmail(role);
        Api.Answer invited = inviter.write("POST", "api/v1/team/invitations",
                "{\"email\":\"" + email + "\",\"role\":\"" + role + "\"}");
        assertEquals(201, invited.status(), invited.body());
        String token = Mailbox.tokenIn(Mailbox.bodyOf(email, "You are invited"));
        Api.Answer accepted = api.post("api/v1/auth/invitations/accept", null,
                "{\"token\":\"" + token + "\",\"name\":\"New " + role + "\",\"password\":\"" + People.PASSWORD + "\"}");
        assertEquals(201, accepted.status(), accepted.body());
        assertEquals(role, accepted.json().getString("role"));
        return Browser.signIn(api, email, People.PASSWORD);
    }
}
