package ai.humane.accounts.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.testing.Api;
import ai.humane.testing.Eventually;
import ai.humane.testing.HttpTest;
import ai.humane.testing.Mailbox;
import ai.humane.testing.People;
import ai.humane.testing.QueuedMail;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * S2 over HTTP: a password reset asked for an address with an account and for one without are answered alike and do
 * the same work before the answer, one sealed request row of the outbox each; the look-up, the link and the mail come
 * after the answer, and only the address with an account gets a mail, whose link works.
 */
class ResetRequestIT extends HttpTest {

    private static final String RESET = "api/v1/auth/password-reset";
    /** Headers that change with every request, whatever it is about: the clock and the caller's remaining budget. */
    private static final Set<String> PER_REQUEST = Set.of("date", "ratelimit");

    private Api api;

    @BeforeEach
    void client() {
        api = new Api(deployment);
        People.forgetLoopback();
    }

    /**
     * Broken once (the look-up and the mail back on the request path): the unknown address queued no request row,
     * so the request path's work told the two apart.
     */
    @Test
    void aKnownAndAnUnknownAddressAreAnsweredAlikeAndOnlyTheKnownGetsAWorkingLink() {
        String known = People.uniqueEmail("known");
        People.signUp(api, known);
        String unknown = People.uniqueEmail("unknown");

        Api.Answer forKnown = api.post(RESET, null, "{\"email\":\"" + known + "\"}");
        Api.Answer forUnknown = api.post(RESET, null, "{\"email\":\"" + unknown + "\"}");
        assertEquals(202, forKnown.status(), forKnown.body());
        assertEquals(forKnown.status(), forUnknown.status());
        assertEquals(forKnown.body(), forUnknown.body());
        assertEquals(comparable(forKnown), comparable(forUnknown));

        // Before the answer each wrote its request and nothing else: the outbox's one row, whatever the address.
        assertEquals(1, QueuedMail.count(known, "password_reset_request"));
        assertEquals(1, QueuedMail.count(unknown, "password_reset_request"));

        String token = Mailbox.tokenIn(Mailbox.bodyOf(known, "Reset your Humane password"));
        assertEquals(204, api.post(RESET + "/confirm", null,
                "{\"token\":\"" + token + "\",\"new_password\":\"another fine passphrase\"}").status(), "the link works");

        Eventually.until("the unknown address's request is carried out",
                () -> QueuedMail.count(unknown, "password_reset_request", "sent") == 1);
        assertEquals(0, QueuedMail.count(unknown, "password_reset"), "no mail is queued to an address without an account");
        assertEquals(0, Mailbox.countTo(unknown));
        String kept = QueuedMail.rows(unknown);
        assertTrue(kept.contains("\"sealed\": null"), kept);
        assertFalse(kept.contains(unknown), "the settled request keeps no address: " + kept);
    }

    private static Map<String, Object> comparable(Api.Answer answer) {
        Map<String, Object> headers = new TreeMap<>();
        answer.headers().map().forEach((name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT),
                PER_REQUEST.contains(name.toLowerCase(java.util.Locale.ROOT)) ? "(per request)" : values));
        return headers;
    }
}
