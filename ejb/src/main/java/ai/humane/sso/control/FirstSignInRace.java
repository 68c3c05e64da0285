package ai.humane.sso.control;

import ai.humane.problems.control.UniqueViolations;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Two callbacks of one person's first SSO sign-in at once (two tabs, a SAML POST submitted twice with two assertions):
 * both find no link, both create the person, membership and link, and the loser's insert meets the winner's row on
 * one of the unique keys a first sign-in creates (S5, S6). The person did nothing wrong, so the loser's sign-in is
 * tried once more, in a transaction of its own, where it finds the winner's link and signs in as any later sign-in
 * does, every check asked again. Only those keys are a lost race: any other failure, and a second loss, go on as
 * they are (a 409 for a lost race, see {@code LostRace}; else a 500).
 */
public final class FirstSignInRace {

    /** The unique keys of what a first sign-in creates: the person (just in time), its membership, the link. */
    static final Set<String> CREATED = Set.of(
            "people_email_key",
            "users_one_membership_per_tenant",
            "sso_identities_tenant_key",
            "sso_identities_global_key");

    private FirstSignInRace() {
    }

    /**
     * Runs {@code signIn}, and once more if it lost the race. Called where no transaction is open, so that each call
     * is one transaction of its own: the lost one rolled back whole (with a SAML assertion's replay record, which the
     * retry writes again, or is refused if another request used the assertion meanwhile).
     */
    public static <T> T retriedOnce(Supplier<T> signIn) {
        try {
            return signIn.get();
        } catch (RuntimeException failure) {
            if (!lost(failure)) {
                throw failure;
            }
            return signIn.get();
        }
    }

    /** Whether a unique violation on one of the keys a first sign-in creates is among the failure's causes. */
    static boolean lost(Throwable failure) {
        return UniqueViolations.constraint(failure).filter(CREATED::contains).isPresent();
    }
}
