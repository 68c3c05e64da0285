package ai.humane.problems.boundary;

import ai.humane.problems.control.Conflict;
import ai.humane.problems.control.Problem;
import ai.humane.problems.control.UniqueViolations;
import jakarta.ws.rs.core.Response;
import java.util.Set;

/**
 * A write that lost a race: another request made the same unique thing (an end user's external id, a person's
 * e-mail address, a domain) between this one's check and its insert, and the database's unique constraint refused
 * it (SQLSTATE 23505). Answered as the check answers when it sees the other first, 409 {@code conflict}. Only the
 * constraints such a check guards are a lost race; a unique violation anywhere else is a defect of ours, answered
 * and logged as any other failure (500).
 */
final class LostRace {

    /** The unique constraints that a request checks before its insert, answering 409 when it sees the other row. */
    static final Set<String> CHECKED = Set.of(
            "end_users_tenant_id_external_id_key",
            "people_email_key",
            "users_one_membership_per_tenant",
            "sso_domains_tenant_id_domain_key",
            "sso_domains_verified_once",
            "sso_identities_global_key",
            "sso_identities_tenant_key");

    private LostRace() {
    }

    static boolean causedBy(Throwable failure) {
        return UniqueViolations.constraint(failure).filter(CHECKED::contains).isPresent();
    }


    static Response response() {
        return new ProblemMapper().toResponse(problem());
    }

    /** The same answer as a problem, for where no mapper runs ({@link Unhandled}). */
    static Problem problem() {
        return new Conflict("Another request made the same thing at the same moment; it exists now");
    }
}
