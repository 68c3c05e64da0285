package ai.humane.authentication.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.accounts.control.MfaChallengeHandle;
import ai.humane.accounts.control.SignInStep;
import ai.humane.edge.control.ClientAddresses;
import ai.humane.problems.boundary.ProblemMapper;
import ai.humane.problems.boundary.ProblemResponse;
import ai.humane.problems.control.Problem;
import ai.humane.ratelimit.boundary.CountedAhead;
import ai.humane.sso.control.SsoRefused;
import ai.humane.testing.LoggedRecords;
import jakarta.ejb.EJBTransactionRolledbackException;
import jakarta.persistence.PersistenceException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * An SSO callback is completed by the authentication mechanism, in front of JAX-RS, where no exception mapper runs:
 * whatever the callback throws must become a refusal, answered through {@link CredentialRefusals} as a problem (or
 * the sign-in page, to a browser). Two browsers completing the same person's first sign-in at once both insert the
 * link; the second's unique violation is the 409 a lost race is everywhere else, and any other failure a 500 whose
 * instance is the one logged with its cause (broken once: each escaped the mechanism, a bare container 500).
 */
class SsoCallbacksTest {

    private final SsoCallbacks callbacks = new SsoCallbacks();
    /** Whether the rate limit admits the next callback. */
    private boolean withinCeiling = true;

    SsoCallbacksTest() {
        callbacks.addresses = new ClientAddresses() {
            @Override
            public String client(String peer, String forwardedFor) {
                return peer;
            }
        };
        callbacks.countedAhead = new CountedAhead() {
            @Override
            public boolean admits(ServletRequest request, String clientIp) {
                return withinCeiling;
            }
        };
    }

    /** A callback over its client's ceiling is not looked at: the rate limit answers it, with nothing marked. */
    @Test
    void aCallbackOverTheCeilingIsNotChecked() {
        withinCeiling = false;
        HttpServletRequest request = request();
        callbacks.complete(throwing(new AssertionError("checked over the ceiling")), request, null);

        assertTrue(RefusedCredential.problemOf(request).isEmpty());
    }

    @Test
    void aLinkLostToAnotherBrowserIsTheConflictOfALostRace() {
        for (String constraint : List.of("sso_identities_global_key", "sso_identities_tenant_key", "people_email_key")) {
            HttpServletRequest request = request();
            // As SsoSignIn's insert reaches the web module: the provider's failure, wrapped by the container.
            callbacks.complete(throwing(new EJBTransactionRolledbackException("rolled back",
                    new PersistenceException("Exception [EclipseLink-4002]", violation(constraint)))), request, null);

            Problem refused = RefusedCredential.problemOf(request).orElseThrow();
            assertEquals(409, refused.status(), constraint);
            assertEquals("conflict", refused.slug());
            assertEquals("/sign-in?sso_error=sso-refused", RefusedSignInPage.location(refused), "a browser starts again");
        }
    }

    @Test
    void anyOtherFailureIsA500WhoseInstanceIsTheOneLogged() {
        try (LoggedRecords logged = LoggedRecords.of(ProblemResponse.class)) {
            HttpServletRequest request = request();
            IllegalStateException failure = new IllegalStateException("a defect of ours", new PersistenceException(
                    "Exception [EclipseLink-4002]", violation("webhook_deliveries_endpoint_id_event_id_key")));
            callbacks.complete(throwing(failure), request, null);

            Problem refused = RefusedCredential.problemOf(request).orElseThrow();
            assertEquals(500, refused.status());
            Response answer = new ProblemMapper().toResponse(refused);
            assertEquals(500, answer.getStatus());
            String body = answer.getEntity().toString();
            assertTrue(body.contains("\"type\":\"" + ProblemResponse.TYPE_BASE + "internal\""), body);
            assertFalse(body.contains("defect"), "the cause is logged, not answered: " + body);
            LogRecord record = logged.records().stream().filter(r -> r.getThrown() == failure).findFirst().orElseThrow();
            String instance = record.getMessage().substring(0, record.getMessage().indexOf(' '));
            assertTrue(body.contains("\"instance\":\"" + instance + "\""), instance + " in " + body);
            assertEquals("/sign-in?sso_error=sso-refused", RefusedSignInPage.location(refused));
        }
    }

    @Test
    void aRefusalIsAnsweredAsItIs() {
        HttpServletRequest request = request();
        SsoRefused refused = SsoRefused.noAccount();
        callbacks.complete(throwing(refused), request, null);

        assertSame(refused, RefusedCredential.problemOf(request).orElseThrow());
    }

    private static SsoCallback throwing(Throwable failure) {
        return new SsoCallback() {
            @Override
            public boolean answers(HttpServletRequest request) {
                return true;
            }

            @Override
            public SignInStep signIn(HttpServletRequest request, HttpServletResponse response, String clientIp) {
                if (failure instanceof Error error) {
                    throw error;
                }
                throw (RuntimeException) failure;
            }
        };
    }

    /**
     * A member with a second factor (S8): the browser is sent to the console's second step with the challenge in the
     * fragment, which no server sees, and gets no session cookie (broken once: answering the step as a session).
     */
    @Test
    void aDueSecondFactorSendsTheBrowserToItsStepWithoutCookies() {
        HttpServletRequest request = request();
        MfaChallengeHandle challenge = MfaChallengeHandle.issue(UUID.randomUUID());
        callbacks.complete(new SsoCallback() {
            @Override
            public boolean answers(HttpServletRequest request) {
                return true;
            }

            @Override
            public SignInStep signIn(HttpServletRequest request, HttpServletResponse response, String clientIp) {
                return new SignInStep.SecondFactorDue(challenge);
            }
        }, request, null);

        Response answer = callbacks.signedIn(request, URI.create("/")).build();
        assertEquals(303, answer.getStatus());
        assertEquals("/sign-in#mfa=" + challenge.value(), answer.getHeaderString("Location"));
        assertEquals("no-store", answer.getHeaderString("Cache-Control"));
        assertEquals(null, answer.getHeaderString("Set-Cookie"));
        assertTrue(RefusedCredential.problemOf(request).isEmpty());
    }

    /** The driver's failure as PostgreSQL reports a unique violation of {@code constraint}. */
    private static PSQLException violation(String constraint) {
        return new PSQLException(new ServerErrorMessage(
                "SERROR\0C23505\0Mduplicate key value violates unique constraint\0n" + constraint + "\0"));
    }

    /** A callback request: its attributes, its peer, no headers. */
    private static HttpServletRequest request() {
        Map<String, Object> attributes = new HashMap<>();
        return (HttpServletRequest) Proxy.newProxyInstance(SsoCallbacksTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, arguments) -> switch (method.getName()) {
                    case "getAttribute" -> attributes.get((String) arguments[0]);
                    case "setAttribute" -> attributes.put((String) arguments[0], arguments[1]);
                    case "getRemoteAddr" -> "127.0.0.1";
                    default -> null;
                });
    }
}
