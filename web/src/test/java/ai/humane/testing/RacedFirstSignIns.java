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
 * Two first sign-ins of one person through a tenant's connection at once (S5, S6), each finished in a browser of its
 * own while the people table is held against writes ({@link HeldLock}): both reach the just-in-time person's insert
 * before either made it, so one of them loses the race on its unique keys. What must hold after, for any protocol: both
 * signed in (303), each with a session of its own; one person, one membership, one link; audited as two sign-ins and
 * one provisioning.
 */
public final class RacedFirstSignIns {

    private RacedFirstSignIns() {
    }

    /**
     * Runs the race, where {@code finishes.get(i)} completes the sign-in begun in {@code browsers.get(i)}, and answers
     * its checks, to be asserted with the protocol's own.
     */
    public static List<Executable> race(UUID tenant, String email, String subject, List<FormBrowser> browsers,
                                        List<Supplier<FormBrowser.Page>> finishes) throws Exception {
        HeldLock.Race<FormBrowser.Page> race = HeldLock.race("LOCK TABLE people IN SHARE ROW EXCLUSIVE MODE", finishes);
        assertEquals(2, race.waiting(), "both sign-ins reached the person's insert before either made it");
        String user = Rows.single("SELECT id::text FROM users WHERE email = ? AND tenant_id = ?", email, tenant);
        List<Executable> checks = new ArrayList<>();
        race.answers().forEach(page -> checks.add(() -> assertEquals(303, page.status(), page.body())));
        checks.add(() -> assertTrue(browsers.stream().allMatch(b -> b.cookie("humane_session").isPresent()), "sessions"));
        checks.add(() -> assertNotEquals(browsers.get(0).cookie("humane_session"), browsers.get(1).cookie("humane_session")));
        checks.add(() -> assertEquals("1", Rows.single("SELECT count(*)::text FROM people WHERE email = ?", email)));
        checks.add(() -> assertEquals("1", Rows.single("SELECT count(*)::text FROM users WHERE email = ?", email)));
        checks.add(() -> assertEquals("1", Rows.single("SELECT count(*)::text FROM sso_identities WHERE tenant_id = ? "
                + "AND subject = ?", tenant, subject)));
        checks.add(() -> assertEquals("2", Rows.single("SELECT count(*)::text FROM sessions WHERE user_id = ?::uuid", user)));
        checks.add(() -> assertEquals("2", Rows.single("SELECT count(*)::text FROM admin_audit_events WHERE action = "
                + "'sso.signed_in' AND resource_id = ?", user)));
        checks.add(() -> assertEquals("1", Rows.single("SELECT count(*)::text FROM admin_audit_events WHERE action = "
                + "'sso.member_provisioned' AND resource_id = ?", user)));
        return checks;
    }
}
