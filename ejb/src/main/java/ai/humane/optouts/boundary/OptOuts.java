package ai.humane.optouts.boundary;

import ai.humane.audit.control.AuditActor;
import ai.humane.audit.control.AuditTrail;
import ai.humane.json.control.JsonP;
import ai.humane.optouts.control.UnsubscribeToken;
import ai.humane.tenancy.control.TenantScope;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/**
 * Records opt-outs from signed links (K4). Nobody is signed in: the token is verified before the database
 * is touched, and its tenant, proven by the signature, is the scope of the transaction. Looking at a link
 * only reads: mail scanners and link prefetchers open the links of a message, and must never opt anybody out.
 */
@Stateless
public class OptOuts {

    // The user must still exist in the token's tenant; a repeat finds the row there and adds nothing.
    private static final String RECORD = """
            INSERT INTO email_opt_outs (tenant_id, user_id, list)
            SELECT u.tenant_id, u.id, ?3 FROM users u WHERE u.tenant_id = ?1 AND u.id = ?2
            ON CONFLICT DO NOTHING""";

    private static final String STOPPED = """
            SELECT count(*) FROM email_opt_outs WHERE tenant_id = ?1 AND user_id = ?2 AND list = ?3""";

    @PersistenceContext(unitName = "humane")
    EntityManager em;

    @Inject
    EmailLinks links;

    @Inject
    AuditTrail audit;

    /** What the link stops, and whether its user already stopped it; writes nothing. */
    public Choice look(String token) {
        UnsubscribeToken verified = links.links().tokens().verify(token);
        TenantScope.enter(em, verified.tenant());
        Number stopped = (Number) em.createNativeQuery(STOPPED)
                .setHint("eclipselink.jdbc.allow-native-sql-query", true)
                .setParameter(1, verified.tenant())
                .setParameter(2, verified.user())
                .setParameter(3, verified.list().slug())
                .getSingleResult();
        return new Choice(verified.list().slug(), stopped.longValue() > 0);
    }

    /**
     * Stops the list the token names for its user; answers what was stopped. Only the first opt-out is
     * recorded and audited, so asking again is harmless.
     *
     * @param via {@code link} (a reader pressed the button of the console's page) or {@code one_click} (the
     *            mail client's POST)
     */
    public Choice unsubscribe(String token, String via) {
        UnsubscribeToken verified = links.links().tokens().verify(token);
        TenantScope.enter(em, verified.tenant());
        int recorded = em.createNativeQuery(RECORD)
                .setHint("eclipselink.jdbc.allow-native-sql-query", true)
                .setParameter(1, verified.tenant())
                .setParameter(2, verified.user())
                .setParameter(3, verified.list().slug())
                .executeUpdate();
        if (recorded == 1) {
            audit.record(AuditActor.user(verified.user()), "email.unsubscribed", "user", verified.user().toString(),
                    null, JsonP.createObjectBuilder().add("list", verified.list().slug()).add("via", via).build());
        }
        return new Choice(verified.list().slug(), true);
    }

    /** The list a link is about, and whether its user no longer receives it. */
    public record Choice(String list, boolean unsubscribed) {
    }
}
