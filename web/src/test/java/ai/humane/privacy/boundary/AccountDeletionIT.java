package ai.humane.privacy.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.accounts.control.TenantProvisioning;
import ai.humane.testing.Api;
import ai.humane.testing.Browser;
import ai.humane.testing.Eventually;
import ai.humane.testing.Fixtures;
import ai.humane.testing.HttpTest;
import ai.humane.testing.Mailbox;
import ai.humane.testing.People;
import ai.humane.testing.QueuedMail;
import ai.humane.testing.Rows;
import ai.humane.testing.Tenants;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** L3 account deletion: asked for by an owner, mailed, cancellable, then purged after the grace period. */
class AccountDeletionIT extends HttpTest {

    static final String DELETION = "api/v1/privacy/account-deletion";

    private final Api api = new Api(deployment);
    private final TenantProvisioning.Provisioned tenant = Tenants.create("Leaving");
    private final String owner = Rows.single("SELECT email FROM users WHERE id = ?", tenant.ownerId());

    @Test
    void anOwnerAsksAndCancelsAndEveryStepIsAuditedAndMailed() {
        assertEquals(404, api.get(DELETION, tenant.apiKey()).status(), "nothing pending");
        Api.Answer asked = api.post(DELETION, tenant.apiKey(), "");
        assertEquals(202, asked.status(), asked.body());
        Instant due = Instant.parse(asked.json().getString("purge_after"));
        assertTrue(Duration.between(Instant.now(), due).toDays() >= 29, "a 30-day grace period by default: " + due);
        assertEquals(due.toString(), api.get(DELETION, tenant.apiKey()).json().getString("purge_after"));
        assertEquals(due.toString(), api.post(DELETION, tenant.apiKey(), "").json().getString("purge_after"),
                "asking again keeps the date");
        assertTrue(Mailbox.bodyOf(owner, "is to be deleted").contains("cancel"));

        assertEquals(204, api.delete(DELETION, tenant.apiKey()).status());
        assertEquals(404, api.get(DELETION, tenant.apiKey()).status());
        assertEquals(404, api.delete(DELETION, tenant.apiKey()).status(), "nothing left to cancel");
        assertNotNull(Mailbox.bodyOf(owner, "deletion of your account was cancelled"));
        assertEquals("1", Rows.single("SELECT count(*) FROM admin_audit_events WHERE tenant_id = ?"
                + " AND action = 'account.deletion_requested'", tenant.tenantId()));
        assertEquals("1", Rows.single("SELECT count(*) FROM admin_audit_events WHERE tenant_id = ?"
                + " AND action = 'account.deletion_cancelled'", tenant.tenantId()));
    }

    /**
     * Asking for the account's deletion and cancelling it, in a loop, mails the owners within their notice budget
     * (A3, 10 an hour a recipient): before, every request and every cancellation was mailed, so whoever signed up with
     * somebody else's address could flood that inbox at the API's rate (broken once, without the budget: 12 mails).
     */
    @Test
    void askingAndCancellingInALoopMailsTheOwnerWithinTheNoticeBudget() {
        for (int i = 0; i < 6; i++) {
            assertEquals(202, api.post(DELETION, tenant.apiKey(), "").status());
            assertEquals(204, api.delete(DELETION, tenant.apiKey()).status());
        }
        assertEquals("12", Rows.single("SELECT count(*) FROM admin_audit_events WHERE tenant_id = ?"
                + " AND action LIKE 'account.deletion_%'", tenant.tenantId()), "every step is audited");
        assertEquals(10, QueuedMail.count(owner, "account_deletion"), "the owner's notices, within the budget");
    }

    @Test
    void onlyOwnersMayAskAndNoOneForAnotherAccount() {
        People.forgetLoopback();
        Browser admin = Browser.signIn(api, People.member(tenant.tenantId(), "admin"), People.PASSWORD);
        assertEquals(403, admin.write("POST", DELETION, "").status());
        assertEquals(403, admin.write("DELETE", DELETION, "").status());
        assertEquals(403, admin.get(DELETION).status());
        assertEquals(401, api.post(DELETION, null, "").status());
        Browser owner = Browser.signIn(api, People.member(tenant.tenantId(), "owner"), People.PASSWORD);
        assertEquals(403, owner.writeWithoutCsrf("POST", DELETION, "").status(), "CSRF applies");
        assertEquals(413, api.post(DELETION, tenant.apiKey(), "{\"x\":\"" + "a".repeat(1_100_000) + "\"}").status());
        assertEquals("0", Rows.single("SELECT count(*) FROM account_deletions WHERE tenant_id = ?", tenant.tenantId()));

        TenantProvisioning.Provisioned other = Tenants.create("Staying");
        assertEquals(202, api.post(DELETION, other.apiKey(), "").status());
        assertEquals(404, api.get(DELETION, tenant.apiKey()).status(), "another account's deletion is not ours");
        assertEquals(404, api.delete(DELETION, tenant.apiKey()).status(), "nor ours to cancel");
        assertEquals("1", Rows.single("SELECT count(*) FROM account_deletions WHERE tenant_id = ?", other.tenantId()));
    }

    @Test
    void afterTheGracePeriodTheAccountIsPurgedAndItsOwnersTold() {
        Fixtures fixtures = new Fixtures(api, tenant.apiKey());
        UUID endUser = fixtures.endUser("gone-" + UUID.randomUUID());
        fixtures.message(endUser, fixtures.engine("Lexicon"), "bye");
        assertEquals(200, api.send("api/v1/billing/payment-method", tenant.apiKey(), "PUT", "application/json",
                "{\"token\":\"tok_" + UUID.randomUUID() + "\",\"brand\":\"visa\",\"last4\":\"4242\"}").status());
        assertEquals(202, api.post(DELETION, tenant.apiKey(), "").status());
        Rows.execute("UPDATE account_deletions SET purge_after = now() - interval '1 second' WHERE tenant_id = ?", tenant.tenantId());

        Eventually.until("the account is closed", () -> Rows.single("SELECT closed_at::text FROM tenants WHERE id = ?",
                tenant.tenantId()) != null);
        assertEquals("0", Rows.single("SELECT count(*) FROM end_users WHERE tenant_id = ?", tenant.tenantId()));
        assertEquals("0", Rows.single("SELECT count(*) FROM conversation_messages WHERE tenant_id = ?", tenant.tenantId()));
        assertEquals("0", Rows.single("SELECT count(*) FROM users WHERE tenant_id = ?", tenant.tenantId()));
        assertEquals("1", Rows.single("SELECT count(*) FROM admin_audit_events WHERE tenant_id = ? AND action = 'tenant.closed'",
                tenant.tenantId()));
        assertEquals("0", Rows.single("SELECT count(*) FROM tenants WHERE id = ? AND (payment_token IS NOT NULL"
                + " OR payment_brand IS NOT NULL OR payment_last4 IS NOT NULL)", tenant.tenantId()), "the card is forgotten");
        assertNotNull(Mailbox.bodyOf(owner, "has been deleted"));
        assertEquals(401, api.get("api/v1/end-users", tenant.apiKey()).status(), "its keys are gone");
    }
}
