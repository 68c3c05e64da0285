package ai.humane.mail.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.ratelimit.control.RateLimited;
import ai.humane.testing.LoggedRecords;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which budget a send spends, per target and per tenant, on a real PostgreSQL 16 as the runtime role. */
class SendThrottleTest {

    private final UUID tenant = UUID.randomUUID();
    private OutboxDatabase db;

    @BeforeEach
    void migratedDatabase() {
        db = OutboxDatabase.migrated();
    }

    @Test
    void aTenantPastItsCeilingIsRefusedForEveryAddressAndOtherTenantsAreNot() throws SQLException {
        try (CallerTransaction caller = new CallerTransaction(db.app())) {
            SendThrottle throttle = throttle(caller);
            assertTrue(throttle.mail(MailKind.INVITATION, tenant, "a@example.com").allowed());
            assertTrue(throttle.mail(MailKind.INVITATION, tenant, "b@example.com").allowed());
            assertFalse(throttle.mail(MailKind.INVITATION, tenant, "c@example.com").allowed(), "the tenant's third");
            assertTrue(throttle.mail(MailKind.INVITATION, UUID.randomUUID(), "c@example.com").allowed(),
                    "another tenant may still write to c");
            assertThrows(RateLimited.class, () -> throttle.mailOrRefuse(MailKind.INVITATION, tenant, "d@example.com"));
            caller.commit();
        }
    }

    /**
     * What anyone may prompt without signing in (resets, sign-ups and sign-ups attempted with an address) spends the
     * recipient's budget only: counted against the tenant's, resets sent to other members' addresses used it up and every
     * member's own reset sent nothing (broken once, counted per tenant too: the third address refused). Password resets
     * have a recipient's budget of their own, which sign-ups (anonymous) cannot spend, so cannot silence (broken once:
     * sharing one, the sign-ups' notices used it and the reset was not sent). Security notices have a budget of their own
     * per recipient, which resets cannot spend and a loop of notices cannot pass.
     */
    @Test
    void resetsAndNoticesHaveBudgetsOfTheirOwnThatAnonymousMailCannotSpend() throws SQLException {
        try (CallerTransaction caller = new CallerTransaction(db.app())) {
            SendThrottle throttle = throttle(caller);
            for (String member : new String[] {"a@example.com", "b@example.com", "c@example.com"}) {
                assertTrue(throttle.mail(MailKind.SIGN_UP_ATTEMPTED, tenant, member).allowed(), member);
                assertTrue(throttle.mail(MailKind.SIGN_UP_ATTEMPTED, tenant, member).allowed(), member);
                assertFalse(throttle.mail(MailKind.SIGN_UP_ATTEMPTED, tenant, member).allowed(), member + "'s third");
                assertFalse(throttle.mail(MailKind.VERIFY_EMAIL, tenant, member).allowed(), member + ": the same budget");
                assertTrue(throttle.mail(MailKind.PASSWORD_RESET, tenant, member).allowed(), member + "'s own reset");
                assertTrue(throttle.mail(MailKind.PASSWORD_RESET, tenant, member).allowed(), member);
                assertFalse(throttle.mail(MailKind.PASSWORD_RESET, tenant, member).allowed(), member + "'s third reset");
            }
            assertTrue(throttle.mail(MailKind.INVITATION, tenant, "d@example.com").allowed(), "the tenant's budget unspent");
            assertTrue(throttle.notice(MailKind.SECOND_FACTOR_CHANGED, tenant, "A@example.com").allowed(),
                    "resets to an address do not spend its notices");
            assertTrue(throttle.notice(MailKind.ACCOUNT_DELETION, tenant, "a@example.com").allowed());
            assertFalse(throttle.notice(MailKind.ACCOUNT_DELETION, tenant, " a@EXAMPLE.com").allowed(), "the third notice");
            caller.commit();
        }
    }

    /**
     * The spellings of one inbox spend one budget: a sub-address ({@code +tag}) and, at Gmail, dots in the local part;
     * sign-ups with {@code victim+1@…}, {@code victim+2@…} flooded one inbox with verification mail before (A3, a
     * review, 2026-12-07: sign-up verification mail had no budget at all).
     */
    @Test
    void theSpellingsOfOneInboxSpendOneBudget() throws SQLException {
        try (CallerTransaction caller = new CallerTransaction(db.app())) {
            SendThrottle throttle = throttle(caller);
            assertTrue(throttle.mail(MailKind.VERIFY_EMAIL, UUID.randomUUID(), "victim+1@example.com").allowed());
            assertTrue(throttle.mail(MailKind.VERIFY_EMAIL, UUID.randomUUID(), "Victim+2@Example.com").allowed());
            assertFalse(throttle.mail(MailKind.VERIFY_EMAIL, UUID.randomUUID(), "victim@example.com").allowed());
            assertTrue(throttle.mail(MailKind.VERIFY_EMAIL, UUID.randomUUID(), "victim@example.org").allowed(), "another inbox");
            assertTrue(throttle.mail(MailKind.VERIFY_EMAIL, UUID.randomUUID(), "v.ic.tim@gmail.com").allowed());
            assertTrue(throttle.mail(MailKind.VERIFY_EMAIL, UUID.randomUUID(), "victim+x@googlemail.com").allowed());
            assertFalse(throttle.mail(MailKind.VERIFY_EMAIL, UUID.randomUUID(), "VICTIM@gmail.com").allowed());
            caller.commit();
        }
        assertEquals("ada@example.com", SendKeys.inbox(" Ada+news@Example.COM "));
        assertEquals("a.da@example.com", SendKeys.inbox("a.da@example.com"), "dots count outside Gmail");
        assertEquals("+ada@example.com", SendKeys.inbox("+ada@example.com"), "no local part before the plus: as given");
    }

    @Test
    void testEventsAreCountedPerReceiverServerAndPerTenant() throws SQLException {
        try (CallerTransaction caller = new CallerTransaction(db.app())) {
            SendThrottle throttle = throttle(caller);
            throttle.webhookTestOrRefuse(tenant, "https://hooks.example.com/a");
            throttle.webhookTestOrRefuse(tenant, "https://hooks.example.com/a");
            // Another path, a query, the host's case, a trailing dot or the default port written: the same server.
            for (String same : new String[] {"https://hooks.example.com/a", "https://hooks.example.com/z?1",
                "https://HOOKS.Example.com./a", "https://hooks.example.com:443/a"}) {
                assertThrows(RateLimited.class, () -> throttle.webhookTestOrRefuse(UUID.randomUUID(), same), same);
            }
            RateLimited refused = assertThrows(RateLimited.class,
                    () -> throttle.webhookTestOrRefuse(UUID.randomUUID(), "https://hooks.example.com/a"));
            long retryAfter = Long.parseLong(refused.headers().get("Retry-After"));
            assertTrue(retryAfter >= 1 && retryAfter <= 60, "within the minute: " + retryAfter);
            throttle.webhookTestOrRefuse(tenant, "https://hooks.example.com:8443/b");
            assertThrows(RateLimited.class, () -> throttle.webhookTestOrRefuse(tenant, "http://hooks.example.com/c"),
                    "the tenant's fourth in the hour");
            caller.commit();
        }
    }

    @Test
    void aRefusalIsLoggedWithTheTenantAndTheBudgetButNeverTheAddress() throws SQLException {
        List<String> messages;
        try (LoggedRecords logged = LoggedRecords.of(SendThrottle.class)) {
            try (CallerTransaction caller = new CallerTransaction(db.app())) {
                SendThrottle throttle = throttle(caller);
                throttle.mail(MailKind.PASSWORD_RESET, tenant, "ada.lovelace@example.com");
                throttle.mail(MailKind.PASSWORD_RESET, tenant, "ada.lovelace@example.com");
                throttle.mail(MailKind.PASSWORD_RESET, tenant, "ada.lovelace@example.com");
                caller.commit();
            }
            messages = logged.records().stream().map(LogRecord::getMessage).toList();
        }
        assertEquals(List.of("Send budget password resets per recipient address used up: password_reset of tenant " + tenant + " not sent"),
                messages);
    }

    private SendThrottle throttle(CallerTransaction caller) {
        // Two mails an hour per recipient and per tenant; two test events a minute per receiver, three an hour per tenant;
        // two security notices an hour per recipient.
        return new SendThrottle(caller.dataSource(), db.keys, 2, 2, 2, 3, 2);
    }
}
