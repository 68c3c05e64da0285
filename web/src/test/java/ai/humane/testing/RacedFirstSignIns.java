package ai.humane.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.function.Executable;

/**
 * Two first sign-ins of one person at once (S5, S6), each finished in a browser of its own while the table of what the
 * first sign-in creates is held against writes ({@link HeldLock}): both reach its insert before either made it, so
 * one of them loses the race on its unique keys. Someone without an account races on the just-in-time person
 * ({@link #race}); a member already (a person, a membership, a password) races on the link alone ({@link #raceLink}),
 * through a tenant's connection or Google's global link. What must hold after, for any protocol: both signed in
 * (303), each with a session of its own; one person, one membership, one link; audited as two sign-ins, one link and
 * one provisioning, or none for a member.
 */
public final class RacedFirstSignIns {

    private RacedFirstSignIns() {
    }

    /**
     * Runs the race of someone without an account through {@code tenant}'s connection, where {@code finishes.get(i)}
     * completes the sign-in begun in {@code browsers.get(i)}, and answers its checks, to be asserted with the
     * protocol's own.
     */
    public static List<Executable> race(UUID tenant, String email, String subject, List<FormBrowser> browsers,
                                        List<Supplier<FormBrowser.Page>> finishes) throws Exception {
        return raced("LOCK TABLE people IN SHARE ROW EXCLUSIVE MODE", "the person's insert", 1, tenant, email, subject,
                browsers, finishes);
    }

    /**
     * Runs the race of a member already, whose membership is {@code tenant}'s (the one the sign-in opens): only the
     * link is new, so the links are held, and the person and membership stay the ones there were.
     */
    public static List<Executable> raceLink(UUID tenant, String email, String subject, List<FormBrowser> browsers,
                                            List<Supplier<FormBrowser.Page>> finishes) throws Exception {
        return raced("LOCK TABLE sso_identities IN SHARE ROW EXCLUSIVE MODE", "the link's insert", 0, tenant, email,
                subject, browsers, finishes);
    }

    private static List<Executable> raced(String lock, String insert, int provisioned, UUID tenant, String email,
                                          String subject, List<FormBrowser> browsers,
                                          List<Supplier<FormBrowser.Page>> finishes) throws Exception {
        HeldLock.Race<FormBrowser.Page> race = HeldLock.race(lock, finishes);
        assertEquals(2, race.waiting(), "both sign-ins reached " + insert + " before either made it");
        String user = Rows.single("SELECT id::text FROM users WHERE email = ? AND tenant_id = ?", email, tenant);
        List<Executable> checks = new ArrayList<>();
        race.answers().forEach(page -> checks.add(() -> assertEquals(303, page.status(), page.body())));
        checks.add(() -> assertTrue(browsers.stream().allMatch(b -> b.cookie("humane_session").isPresent()), "sessions"));
        checks.add(() -> assertNotEquals(browsers.get(0).cookie("humane_session"), browsers.get(1).cookie("humane_session")));
        checks.add(() -> assertEquals("1", Rows.single("SELECT count(*)::text FROM people WHERE email = ?", email)));
        checks.add(() -> assertEquals("1", Rows.single("SELECT count(*)::text FROM users WHERE email = ?", email)));
        checks.add(() -> assertEquals("1", Rows.single("SELECT count(*)::text FROM sso_identities WHERE subject = ?",
                subject), "one link, in any tenant"));
        checks.add(() -> assertEquals("2", Rows.single("SELECT count(*)::text FROM sessions WHERE user_id = ?::uuid", user)));
        checks.add(() -> assertEquals("2", audited("sso.signed_in", user)));
        checks.add(() -> assertEquals("1", audited("sso.identity_linked", user)));
        checks.add(() -> assertEquals(String.valueOf(provisioned), audited("sso.member_provisioned", user)));
        return checks;
    }

    private static String audited(String action, String user) {
        return Rows.single("SELECT count(*)::text FROM admin_audit_events WHERE action = ? AND resource_id = ?", action, user);
    }
}
