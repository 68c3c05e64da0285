package ai.humane.accounts.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.accounts.control.LoginThrottle;
import ai.humane.testing.Api;
import ai.humane.testing.Browser;
import ai.humane.testing.HttpTest;
import ai.humane.testing.People;
import ai.humane.testing.Rows;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** S3 over HTTP: cookie attributes, server-side revocation, a fresh id per sign-in, CSRF on writes. */
class SessionsIT extends HttpTest {

    private Api api;
    private String email;

    @BeforeEach
    void person() {
        api = new Api(deployment);
        People.forgetLoopback();
        email = People.uniqueEmail("sessions");
        People.signUp(api, email);
    }

    /**
     * A password change that commits between a sign-in's check of the old password and its session (bcrypt runs
     * outside any transaction) leaves no session of the old password open: the sign-in reads the person's row
     * {@code FOR SHARE} as it opens, waits for the change, and is refused (a review, 2026-12-07; broken once: it did not
     * wait, and its session outlived the change that had ended every other). The change is made here as the
     * superuser's held transaction, committed once the sign-in waits.
     */
    @Test
    void aPasswordChangedWhileASignInIsUnderWayLeavesNoSessionOfTheOldOne() throws Exception {
        String user = Rows.single("SELECT id::text FROM users WHERE email = ?", email);
        String changed = at.favre.lib.crypto.bcrypt.BCrypt.withDefaults().hashToString(4, "another password 1234".toCharArray());
        java.util.concurrent.ExecutorService signer = java.util.concurrent.Executors.newSingleThreadExecutor();
        try (java.sql.Connection holder = ai.humane.testing.TestPlatform.superuser()) {
            holder.setAutoCommit(false);
            Rows.execute(holder, "UPDATE people SET password_hash = ? WHERE email = ?", changed, email);
            java.util.concurrent.Future<Api.Answer> signIn = signer.submit(() -> api.post("api/v1/auth/login", null,
                    "{\"email\":\"" + email + "\",\"password\":\"" + People.PASSWORD + "\"}"));
            int waiting = 0;
            for (Instant until = Instant.now().plusSeconds(30); waiting == 0 && !signIn.isDone()
                    && Instant.now().isBefore(until); Thread.sleep(50)) {
                waiting = Rows.waitingOn(holder);
            }
            holder.commit();
            Api.Answer answer = signIn.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(1, waiting, "the sign-in waited for the change: " + answer);
            assertEquals(401, answer.status(), answer.body());
        } finally {
            signer.shutdownNow();
        }
        assertEquals("0", Rows.single("SELECT count(*)::text FROM sessions WHERE user_id = ?::uuid", user));
    }

    /**
     * The session cookie lives until the sliding expiry (30 days) and is re-sent as it slides; the CSRF cookie, never
     * re-sent, lives until the absolute cap (90 days). With the sliding expiry it vanished while its session was in
     * use (after 15 minutes under a BAA) and every write was refused (broken once: both 2592000).
     */
    @Test
    void signInSetsBothCookiesWithExactlyTheseAttributes() {
        Instant asked = Instant.now();
        List<String> cookies = Browser.signIn(api, email, People.PASSWORD).setCookies();
        Instant answered = Instant.now();
        assertEquals(2, cookies.size(), cookies.toString());
        assertTrue(cookies.get(0).matches(
                "humane_session=[A-Za-z0-9_-]{43}; Max-Age=\\d+; Path=/; Secure; HttpOnly; SameSite=Lax"), cookies.get(0));
        assertTrue(cookies.get(1).matches(
                "humane_csrf=[A-Za-z0-9_-]{43}; Max-Age=\\d+; Path=/; Secure; SameSite=Lax"), cookies.get(1));
        String[] session = Rows.single("SELECT extract(epoch FROM s.expires_at - s.created_at)::bigint || ' '"
                + " || extract(epoch FROM s.absolute_expires_at - s.created_at)::bigint || ' '"
                + " || (extract(epoch FROM s.expires_at) * 1000)::bigint || ' '"
                + " || (extract(epoch FROM s.absolute_expires_at) * 1000)::bigint"
                + " FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = ? ORDER BY s.created_at DESC LIMIT 1",
                email).split(" ");
        assertEquals(List.of("2592000", "7776000"), List.of(session[0], session[1]), "30 days sliding, 90 days the cap");
        assertLivesUntil(Instant.ofEpochMilli(Long.parseLong(session[2])), cookies.get(0), asked, answered);
        assertLivesUntil(Instant.ofEpochMilli(Long.parseLong(session[3])), cookies.get(1), asked, answered);
    }

    /**
     * The cookie's Max-Age ends at {@code expiry} (to the second it is rounded to), counted from when the server wrote
     * it, some time between {@code asked} and {@code answered}. Not an exact number: the server writes the cookie a
     * moment after it opened the session, and a slow machine took a second off (2591999).
     */
    private static void assertLivesUntil(Instant expiry, String cookie, Instant asked, Instant answered) {
        long maxAge = Long.parseLong(cookie.replaceAll(".*; Max-Age=(\\d+);.*", "$1"));
        long earliest = Duration.between(answered, expiry).toMillis() / 1000;
        long latest = (Duration.between(asked, expiry).toMillis() + 999) / 1000;
        assertTrue(maxAge >= earliest && maxAge <= latest,
                "Max-Age=" + maxAge + ", where the session's expiry is " + earliest + " to " + latest + " s away: " + cookie);
    }

    /**
     * A browser that kept its session cookie but lost the CSRF cookie can still sign in again (the sign-in brings its
     * own credential), while its writes stay refused (broken once: the sign-in was 403 csrf-token-invalid).
     */
    @Test
    void aSessionCookieWithoutItsCsrfTokenDoesNotBlockSigningInAgain() {
        Browser browser = Browser.signIn(api, email, People.PASSWORD);
        Api.Answer again = api.send(api.request("api/v1/auth/login", null)
                .header("Cookie", "humane_session=" + browser.session()).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"email\":\"" + email + "\",\"password\":\"" + People.PASSWORD + "\"}")));
        assertEquals(200, again.status(), again.body());
        assertNotEquals(browser.session(), Browser.of(api, email, again).session());
        Api.Answer write = api.send(api.request("api/v1/auth/logout", null)
                .header("Cookie", "humane_session=" + browser.session()).POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
        assertEquals(403, write.status(), write.body());
    }

    @Test
    void theDatabaseHoldsOnlyAHashOfTheSessionId() {
        Browser browser = Browser.signIn(api, email, People.PASSWORD);
        String row = Rows.single("SELECT to_jsonb(s)::text FROM sessions s JOIN users u ON u.id = s.user_id"
                + " WHERE u.email = ? ORDER BY s.created_at DESC LIMIT 1", email);
        assertFalse(row.contains(browser.session()), row);
        assertFalse(row.contains(browser.csrf()), row);
        assertEquals(200, browser.get("api/v1/auth/me").status());
    }

    @Test
    void everySignInMakesANewSessionId() {
        assertNotEquals(Browser.signIn(api, email, People.PASSWORD).session(),
                Browser.signIn(api, email, People.PASSWORD).session());
    }

    @Test
    void aCookieReplayedAfterLogoutIsRefused() {
        Browser browser = Browser.signIn(api, email, People.PASSWORD);
        Api.Answer logout = browser.write("POST", "api/v1/auth/logout", "");
        assertEquals(204, logout.status(), logout.body());
        assertTrue(logout.headers().allValues("Set-Cookie").stream().anyMatch(c -> c.startsWith("humane_session=;")
                && c.contains("Max-Age=0")), logout.headers().toString());
        Api.Answer replay = browser.get("api/v1/auth/me");
        assertEquals(401, replay.status(), replay.body());
    }

    @Test
    void aPasswordChangeEndsEveryOtherSession() {
        Browser here = Browser.signIn(api, email, People.PASSWORD);
        Browser elsewhere = Browser.signIn(api, email, People.PASSWORD);
        Api.Answer change = here.write("POST", "api/v1/auth/password",
                "{\"current_password\":\"" + People.PASSWORD + "\",\"new_password\":\"a brand new passphrase\"}");
        assertEquals(204, change.status(), change.body());
        assertEquals(401, elsewhere.get("api/v1/auth/me").status());
        assertEquals(200, here.get("api/v1/auth/me").status());
        Browser.signIn(api, email, "a brand new passphrase");
    }

    /**
     * A password change checks the current password under the sign-in throttle (S2): a stolen session cannot guess
     * it at bcrypt's pace (broken once: every wrong guess was a 400, and the right one then changed it).
     */
    @Test
    void aPasswordChangesGuessesAreThrottledAsSignIns() {
        Browser browser = Browser.signIn(api, email, People.PASSWORD);
        try {
            int refused = 0;
            for (int guess = 0; guess < 10 && refused == 0; guess++) {
                Api.Answer wrong = browser.write("POST", "api/v1/auth/password",
                        "{\"current_password\":\"guess number " + guess + " here\",\"new_password\":\"a brand new passphrase\"}");
                refused = wrong.status() == 429 ? guess : 0;
                assertTrue(wrong.status() == 400 || wrong.status() == 429, wrong.body());
            }
            assertTrue(refused > 0, "no guess was throttled");
            // The guess past the allowance blocked the account for a second, and the right password had to arrive within
            // it (a pause of 1.1 s here let it through: 204, the password changed); made to last, as SignInThrottleIT does.
            People.makeTheSignInBlockLast(LoginThrottle.accountKey(email));
            Api.Answer right = browser.write("POST", "api/v1/auth/password",
                    "{\"current_password\":\"" + People.PASSWORD + "\",\"new_password\":\"a brand new passphrase\"}");
            assertEquals(429, right.status(), "blocked, even for the right password: " + right.body());
        } finally {
            People.forgetLoopback();
        }
    }

    @Test
    void cookieWritesNeedTheMatchingCsrfToken() {
        Browser browser = Browser.signIn(api, email, People.PASSWORD);
        String engine = "{\"name\":\"e\",\"kind\":\"lexicon\"}";
        Api.Answer forged = browser.writeWithoutCsrf("POST", "api/v1/engines", engine);
        assertEquals(403, forged.status(), forged.body());
        assertEquals("https://humane.ai/problems/csrf-token-invalid", forged.problemType());
        Api.Answer wrong = api.send(api.request("api/v1/engines", null)
                .header("Cookie", "humane_session=" + browser.session() + "; humane_csrf=" + "A".repeat(43))
                .header("X-CSRF-Token", "A".repeat(43)).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(engine)));
        assertEquals(403, wrong.status(), "a cookie and header pair not issued with this session: " + wrong.body());
        for (String[] pair : new String[][] {{"", ""}, {browser.csrf(), "A".repeat(43)}, {"A".repeat(43), browser.csrf()}}) {
            Api.Answer refused = api.send(api.request("api/v1/engines", null)
                    .header("Cookie", "humane_session=" + browser.session() + "; humane_csrf=" + pair[0])
                    .header("X-CSRF-Token", pair[1]).header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(engine)));
            assertEquals(403, refused.status(), "cookie '" + pair[0] + "', header '" + pair[1] + "': " + refused.body());
        }
        assertEquals("0", Rows.single("SELECT count(*)::text FROM engines e JOIN users u ON u.tenant_id = e.tenant_id"
                + " WHERE u.email = ?", email), "no forged write landed");
        assertEquals(201, browser.write("POST", "api/v1/engines", engine).status());
        // A browser may send an emptied cookie of the name (another scope's sign-out) ahead of the live one: the first
        // non-empty one is read, as for the session cookie, so the page's own pair still writes.
        Api.Answer behindAnEmptyOne = api.send(api.request("api/v1/engines", null)
                .header("Cookie", "humane_csrf=; humane_session=" + browser.session() + "; humane_csrf=" + browser.csrf())
                .header("X-CSRF-Token", browser.csrf()).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"name\":\"e2\",\"kind\":\"lexicon\"}")));
        assertEquals(201, behindAnEmptyOne.status(), behindAnEmptyOne.body());
    }

    @Test
    void aSessionSlidesAtMostHourlyAndNeverPastItsCap() {
        Browser browser = Browser.signIn(api, email, People.PASSWORD);
        assertTrue(browser.get("api/v1/auth/me").headers().allValues("Set-Cookie").isEmpty(), "no refresh within the hour");
        String id = Rows.single("SELECT s.id::text FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = ?"
                + " ORDER BY s.created_at DESC LIMIT 1", email);
        Rows.execute("UPDATE sessions SET refreshed_at = now() - interval '2 hours',"
                + " expires_at = now() + interval '1 day' WHERE id = ?::uuid", id);
        List<String> slid = browser.get("api/v1/auth/me").headers().allValues("Set-Cookie");
        assertEquals(1, slid.size(), slid.toString());
        assertTrue(slid.get(0).startsWith("humane_session=" + browser.session() + "; Max-Age=2592000;"), slid.get(0));
        Rows.execute("UPDATE sessions SET absolute_expires_at = now() - interval '1 second' WHERE id = ?::uuid", id);
        assertEquals(401, browser.get("api/v1/auth/me").status(), "past the absolute cap");
    }

    /** The list is of live sessions: one idled out or past its cap is over, though not signed out (broken once). */
    @Test
    void sessionsThatEndedByTimeAreNotListed() {
        Browser current = Browser.signIn(api, email, People.PASSWORD);
        Browser idle = Browser.signIn(api, email, People.PASSWORD);
        Browser capped = Browser.signIn(api, email, People.PASSWORD);
        String[] ids = new String[3];
        Browser[] browsers = {current, idle, capped};
        for (int i = 0; i < 3; i++) {
            String listed = browsers[i].get("api/v1/auth/sessions").body();
            ids[i] = Json.createReader(new StringReader(listed)).readArray().stream()
                    .map(JsonValue::asJsonObject).filter(s -> s.getBoolean("current"))
                    .findFirst().orElseThrow().getString("id");
        }
        Rows.execute("UPDATE sessions SET expires_at = now() - interval '1 minute' WHERE id = ?::uuid", ids[1]);
        Rows.execute("UPDATE sessions SET absolute_expires_at = now() - interval '1 minute' WHERE id = ?::uuid", ids[2]);
        Api.Answer list = current.get("api/v1/auth/sessions");
        assertEquals(200, list.status(), list.body());
        assertTrue(list.body().contains(ids[0]), list.body());
        assertFalse(list.body().contains(ids[1]), "idled out: " + list.body());
        assertFalse(list.body().contains(ids[2]), "past its cap: " + list.body());
    }

    @Test
    void aUserListsAndRevokesTheirOwnSessionsOnly() {
        Browser first = Browser.signIn(api, email, People.PASSWORD);
        Browser second = Browser.signIn(api, email, People.PASSWORD);
        Api.Answer list = first.get("api/v1/auth/sessions");
        assertEquals(200, list.status(), list.body());
        assertTrue(list.body().contains("\"current\":true"), list.body());
        String secondId = Rows.single("SELECT s.id::text FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = ?"
                + " AND s.revoked_at IS NULL ORDER BY s.created_at DESC LIMIT 1", email);
        assertEquals(204, first.write("DELETE", "api/v1/auth/sessions/" + secondId, "").status());
        assertEquals(401, second.get("api/v1/auth/me").status());

        String stranger = People.uniqueEmail("stranger");
        People.signUp(api, stranger);
        Browser other = Browser.signIn(api, stranger, People.PASSWORD);
        String firstId = Rows.single("SELECT s.id::text FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = ?"
                + " AND s.revoked_at IS NULL LIMIT 1", email);
        assertEquals(404, other.write("DELETE", "api/v1/auth/sessions/" + firstId, "").status());
        assertEquals(200, first.get("api/v1/auth/me").status());
    }
}
