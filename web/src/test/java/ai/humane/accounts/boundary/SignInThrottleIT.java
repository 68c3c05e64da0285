package ai.humane.accounts.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.accounts.control.LoginThrottle;
import ai.humane.crypto.control.PseudonymKeys;
import ai.humane.testing.Api;
import ai.humane.testing.Browser;
import ai.humane.testing.FromAddress;
import ai.humane.testing.FromAddress.Reply;
import ai.humane.testing.HttpTest;
import ai.humane.testing.Mailbox;
import ai.humane.testing.People;
import ai.humane.testing.Pseudonyms;
import ai.humane.testing.Rows;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * S2 over HTTP: growing waits per account and per address, counted exactly under concurrent
 * attempts, the same answer for unknown e-mails and wrong passwords, and a way out by reset.
 * Clients are told apart by their loopback source address (127.0.0.2, 127.0.0.3, …).
 */
class SignInThrottleIT extends HttpTest {

    private static final String LOGIN = "api/v1/auth/login";
    /** TRUSTED_PROXIES of the test platform. */
    private static final String TRUSTED_PROXY = "127.0.0.250";

    private Api api;
    private int port;

    @BeforeEach
    void client() {
        api = new Api(deployment);
        port = deployment.getPort();
        People.forgetLoopback();
    }

    @AfterEach
    void forget() {
        People.forgetLoopback();
    }

    @Test
    void anUnknownEmailAndAWrongPasswordGetTheSameAnswer() {
        String email = People.uniqueEmail("known");
        People.signUp(api, email);
        Reply wrongPassword = FromAddress.post("127.0.0.2", port, LOGIN, login(email, "not the password at all"));
        Reply unknownEmail = FromAddress.post("127.0.0.2", port, LOGIN, login(People.uniqueEmail("ghost"), "whatever it is"));
        assertEquals(401, wrongPassword.status());
        assertEquals(401, unknownEmail.status());
        assertEquals(withoutInstance(wrongPassword.body()), withoutInstance(unknownEmail.body()));
    }

    @Test
    void failuresOfOneAccountMakeItWaitLongerEachTime() throws InterruptedException {
        String email = People.uniqueEmail("victim");
        People.signUp(api, email);
        for (int i = 0; i < 6; i++) {
            assertEquals(401, FromAddress.post("127.0.0.3", port, LOGIN, login(email, "wrong guess " + i)).status());
        }
        // Each block read from its row (how long after its failure it ends): a request that had to arrive within the
        // first block's second raced the clock on a slow machine.
        String account = LoginThrottle.accountKey(email);
        List<Long> waits = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            long wait = Long.parseLong(Rows.single("SELECT round(extract(epoch FROM blocked_until - last_failure_at))::text "
                    + "FROM login_throttle WHERE key = ?", Pseudonyms.of(PseudonymKeys.LOGIN_THROTTLE, account)));
            waits.add(wait);
            Thread.sleep(wait * 1000L + 200);
            assertEquals(401, FromAddress.post("127.0.0.3", port, LOGIN, login(email, "another wrong guess")).status(),
                    "a failure after the block ends is checked and counted");
        }
        assertEquals(List.of(1L, 2L, 4L), waits);
        People.makeTheSignInBlockLast(account);
        Reply throttled = FromAddress.post("127.0.0.4", port, LOGIN, login(email, People.PASSWORD));
        assertEquals(429, throttled.status(), "even the right password waits, from any address: " + throttled.body());
        assertTrue(throttled.body().contains("/problems/login-throttled"), throttled.body());
        assertTrue(throttled.retryAfter() > 3500, "Retry-After is the block's end: " + throttled.retryAfter());
    }

    /**
     * An address without an account is counted as one with an account is, so the sixth guess is throttled alike: were
     * it not, a 429 would tell which addresses have accounts. Each guess from another client address, so only the
     * account's count can throttle (a review found no test of this, 2026-12-07).
     */
    @Test
    void anUnknownEmailIsThrottledAsAnAccountIs() {
        String ghost = People.uniqueEmail("never-signed-up");
        for (int i = 0; i < 6; i++) {
            assertEquals(401, FromAddress.post("127.0.5." + (10 + i), port, LOGIN, login(ghost, "guess " + i)).status());
        }
        People.makeTheSignInBlockLast(LoginThrottle.accountKey(ghost));
        Reply throttled = FromAddress.post("127.0.5.20", port, LOGIN, login(ghost, "one guess more"));
        assertEquals(429, throttled.status(), throttled.body());
        assertTrue(throttled.body().contains("/problems/login-throttled"), throttled.body());
        assertTrue(throttled.retryAfter() > 3500, "Retry-After is the block's end: " + throttled.retryAfter());
    }

    @Test
    void failuresFromOneAddressThrottleThatAddressOnly() {
        for (int i = 0; i < 21; i++) {
            FromAddress.post("127.0.0.5", port, LOGIN, login(People.uniqueEmail("spray"), "guess number " + i));
        }
        People.makeTheSignInBlockLast(LoginThrottle.addressKey("127.0.0.5"));
        Reply blocked = FromAddress.post("127.0.0.5", port, LOGIN, login(People.uniqueEmail("fresh"), "a fresh guess"));
        assertEquals(429, blocked.status(), blocked.body());
        assertTrue(blocked.retryAfter() >= 1);
        Reply elsewhere = FromAddress.post("127.0.0.6", port, LOGIN, login(People.uniqueEmail("fresh"), "a fresh guess"));
        assertEquals(401, elsewhere.status(), elsewhere.body());
    }

    @Test
    void behindTheTrustedProxyEachForwardedClientIsThrottledOnItsOwn() {
        FromAddress proxy = new FromAddress(TRUSTED_PROXY, port);
        Map<String, String> spraying = Map.of("X-Forwarded-For", "203.0.113.41");
        for (int i = 0; i < 21; i++) {
            proxy.send("POST", LOGIN, spraying, login(People.uniqueEmail("spray"), "guess number " + i));
        }
        People.makeTheSignInBlockLast(LoginThrottle.addressKey("203.0.113.41"));
        Reply blocked = proxy.send("POST", LOGIN, spraying, login(People.uniqueEmail("fresh"), "a fresh guess"));
        assertEquals(429, blocked.status(), blocked.toString());
        // The proxy's own address is not the client: another client behind it signs in as usual.
        String email = People.uniqueEmail("neighbour");
        People.signUp(api, email);
        Reply neighbour = proxy.send("POST", LOGIN, Map.of("X-Forwarded-For", "203.0.113.42"),
                login(email, People.PASSWORD));
        assertEquals(200, neighbour.status(), neighbour.toString());
        String session = neighbour.json().getString("session_id");
        assertEquals("203.0.113.42", Rows.single("SELECT client_ip FROM sessions WHERE id = ?::uuid", session));
    }

    /**
     * An IPv6 client is counted by its /64 (S2, A1): one subscriber holds the whole network and picks addresses in it
     * at will. Failures sprayed from twenty-one of its addresses block every address of it, while the next /64 signs
     * in as usual (broken once, counted per address: 401 where 429 was due).
     */
    @Test
    void anIpv6ClientIsThrottledByItsSlashSixtyFour() {
        FromAddress proxy = new FromAddress(TRUSTED_PROXY, port);
        for (int i = 0; i < 21; i++) {
            proxy.send("POST", LOGIN, Map.of("X-Forwarded-For", "2001:db8:5:6::" + Integer.toHexString(i + 1)),
                    login(People.uniqueEmail("spray"), "guess number " + i));
        }
        People.makeTheSignInBlockLast(LoginThrottle.addressKey("2001:db8:5:6::1"));
        Reply blocked = proxy.send("POST", LOGIN, Map.of("X-Forwarded-For", "2001:db8:5:6:ffff::1"),
                login(People.uniqueEmail("fresh"), "a fresh guess"));
        assertEquals(429, blocked.status(), blocked.toString());
        Reply elsewhere = proxy.send("POST", LOGIN, Map.of("X-Forwarded-For", "2001:db8:5:7::1"),
                login(People.uniqueEmail("fresh"), "a fresh guess"));
        assertEquals(401, elsewhere.status(), elsewhere.toString());
    }

    @Test
    void concurrentFailuresAreCountedExactly() throws Exception {
        String email = People.uniqueEmail("raced");
        People.signUp(api, email);
        List<Callable<Integer>> attempts = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String from = "127.0.1." + (10 + i);
            attempts.add(() -> FromAddress.post(from, port, LOGIN, login(email, "wrong in parallel")).status());
        }
        ExecutorService pool = Executors.newFixedThreadPool(6);
        int checked = 0;
        try {
            for (Future<Integer> status : pool.invokeAll(attempts, 120, TimeUnit.SECONDS)) {
                int code = status.get();
                assertTrue(code == 401 || code == 429 || code == 503, "status " + code);
                // Counted when admitted: a 503 (the bcrypt pool full) came after its admission.
                checked += code == 401 || code == 503 ? 1 : 0;
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(String.valueOf(checked), Rows.single("SELECT failures::text FROM login_throttle WHERE key = ?",
                Pseudonyms.of(PseudonymKeys.LOGIN_THROTTLE, LoginThrottle.accountKey(email))), "every admitted attempt counted once");
    }

    /**
     * An attempt is counted before its password is checked: of three sign-ins in flight when the account's allowance
     * runs out (held here on its counter's row), one is checked and the others wait for the block. Counted after the
     * check, all three were checked: each request in flight when a block ends got a guess (broken once).
     */
    @Test
    void ofTheSignInsInFlightWhenTheAllowanceRunsOutOneIsChecked() throws Exception {
        String email = People.uniqueEmail("in-flight");
        People.signUp(api, email);
        for (int i = 0; i < LoginThrottle.FREE_ACCOUNT_FAILURES; i++) {
            assertEquals(401, FromAddress.post("127.0.3." + (10 + i), port, LOGIN, login(email, "free guess " + i)).status());
        }
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Future<Integer>> racing = new ArrayList<>();
        try (java.sql.Connection holder = ai.humane.testing.TestPlatform.superuser()) {
            holder.setAutoCommit(false);
            assertEquals(1, Rows.execute(holder, "UPDATE login_throttle SET failures = failures WHERE key = ?",
                    Pseudonyms.of(PseudonymKeys.LOGIN_THROTTLE, LoginThrottle.accountKey(email))));
            for (int i = 0; i < 3; i++) {
                String from = "127.0.3." + (20 + i);
                racing.add(pool.submit(() -> FromAddress.post(from, port, LOGIN, login(email, "racing guess")).status()));
            }
            ai.humane.testing.Eventually.until("three sign-ins wait on the counter", () -> Rows.waitingOn(holder) == 3);
            holder.commit();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> status : racing) {
                statuses.add(status.get(60, TimeUnit.SECONDS));
            }
            statuses.sort(null);
            assertEquals(List.of(401, 429, 429), statuses);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aLoginFloodBeyondTheBcryptPoolAndItsLineIsRefusedWith503() throws Exception {
        // Every sign-in of another address, none known: each is checked against bcrypt (the unknown address's
        // dummy hash) and none is held back by an account's allowance, which counts attempts before the check.
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<Callable<Reply>> attempts = new ArrayList<>();
        // Half the processors hash at once and 32 wait in line (PasswordHashing; the server runs on this machine):
        // sixteen more than both at once.
        int logins = Math.max(1, Runtime.getRuntime().availableProcessors() / 2) + 32 + 16;
        List<String> emails = new ArrayList<>();
        for (int i = 0; i < logins; i++) {
            String from = "127.0.2." + (10 + i);
            String email = People.uniqueEmail("flood");
            emails.add(email);
            attempts.add(() -> {
                if (!start.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the flood's start was not given within 60 s");
                }
                return FromAddress.post(from, port, LOGIN, login(email, People.PASSWORD));
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(logins);
        List<Reply> replies = new ArrayList<>();
        try {
            List<Future<Reply>> running = attempts.stream().map(pool::submit).toList();
            start.countDown();
            for (Future<Reply> reply : running) {
                replies.add(reply.get(120, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        List<Reply> refused = replies.stream().filter(r -> r.status() == 503).toList();
        assertTrue(!refused.isEmpty(), logins + " bcrypt sign-ins at once exceed the places and the line of 32");
        assertTrue(refused.stream().allMatch(r -> r.retryAfter() >= 1 && r.body().contains("/problems/overloaded")));
        assertTrue(replies.stream().allMatch(r -> r.status() == 401 || r.status() == 503), replies.toString());
        // An attempt the pool refused was never checked: the account's count is given back. A checked one counts.
        for (int i = 0; i < logins; i++) {
            String counted = Rows.single("SELECT coalesce(sum(failures), 0) FROM login_throttle WHERE key = ?",
                    Pseudonyms.of(PseudonymKeys.LOGIN_THROTTLE, LoginThrottle.accountKey(emails.get(i))));
            assertEquals(replies.get(i).status() == 503 ? "0" : "1", counted, emails.get(i) + ": " + replies.get(i));
        }
    }

    @Test
    void aThrottledAccountCanStillResetItsPassword() {
        String email = People.uniqueEmail("locked-out");
        People.signUp(api, email);
        for (int i = 0; i < 7; i++) {
            FromAddress.post("127.0.0.7", port, LOGIN, login(email, "attacker guess " + i));
        }
        People.makeTheSignInBlockLast(LoginThrottle.accountKey(email));
        assertEquals(429, FromAddress.post("127.0.0.8", port, LOGIN, login(email, People.PASSWORD)).status());
        assertEquals(202, api.post("api/v1/auth/password-reset", null, "{\"email\":\"" + email + "\"}").status());
        String token = Mailbox.tokenIn(Mailbox.bodyOf(email, "Reset your Humane password"));
        assertEquals(204, api.post("api/v1/auth/password-reset/confirm", null,
                "{\"token\":\"" + token + "\",\"new_password\":\"my new long passphrase\"}").status());
        Browser.signIn(api, email, "my new long passphrase");
    }

    private static String login(String email, String password) {
        return "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}";
    }

    private static JsonObject withoutInstance(String problem) {
        JsonObject json = Json.createReader(new StringReader(problem)).readObject();
        return Json.createObjectBuilder(json).remove("instance").build();
    }
}
