package ai.humane.edge.boundary;

import jakarta.ws.rs.Priorities;

/**
 * The order of the application's JAX-RS filters, in one place: each filter takes its {@code @Priority} from
 * here, so the order is changed here and nowhere else. Jersey runs the pre-matching request filters first, by
 * ascending priority, then the post-matching ones; response filters run by descending priority, so the access
 * log, first in, is last out. Before JAX-RS every request has passed the servlet filters
 * ({@code BaselineHeaders}, {@code ContentTypeScreen}, {@code ServerEndpoints}) and the one Jakarta Security
 * mechanism ({@code CredentialMechanism}), which reads the credential but refuses nothing itself.
 * <ol>
 * <li>{@link #ACCESS_LOG}: starts the clock; the scrubbed line is written on the way out (L2).</li>
 * <li>{@link #REQUEST_ORIGIN}: the client address, as the trusted proxies allow (A1, S2, L1).</li>
 * <li>{@link #RATE_LIMIT}: counts every request, refused and oversized ones too, before anything costly (A1).</li>
 * <li>{@link #CREDENTIAL_REFUSALS}: answers a credential the mechanism marked as refused: 401, or 403 CSRF.</li>
 * <li>{@link #BODY_LIMIT}: bodies over 1 MiB, declared or read, 413; a trickled body, 408 (A4).</li>
 * <li>{@link #NUL_IN_URLS}: a query parameter holding U+0000, 400.</li>
 * <li>{@link #MEDIA_TYPES}: JSON in UTF-8 only, 415; an unreadable Accept, 400.</li>
 * <li>{@link #IDEMPOTENCY}: claims an Idempotency-Key, or finds the answer a replay gets (A2).</li>
 * <li>then, after the route is matched: {@link #ROLE_DENIALS} audits a caller about to be refused by
 * Jersey's {@code @RolesAllowed} filter ({@link Priorities#AUTHORIZATION}, T2, L1); {@link #READ_SCOPE}
 * keeps read-scoped keys from writing (K1); {@link #EMAIL_VERIFICATION} keeps unverified sign-ups from
 * writing (S7); the second factor's gate (O6) at {@code EMAIL_VERIFICATION + 1}; {@link #IDEMPOTENT_REPLAY}
 * sends a replay its stored answer, past every gate (A2); {@link #OPTIONS_REFUSAL} answers OPTIONS 405 (N4).</li>
 * <li>the resource, whose JSON body is read strictly ({@code JsonBodies}), and its boundary EJB, where
 * {@code TenantScope} raises both tenancy walls (T1).</li>
 * <li>on the way out: {@link #SECURITY_HEADERS}, then the idempotency store and the rate-limit headers, then
 * the access log.</li>
 * </ol>
 * The rate limit, idempotency, security headers and access log are the edge chain ({@link EdgeChain}).
 */
public final class FilterOrder {

    public static final int ACCESS_LOG = 100;
    public static final int REQUEST_ORIGIN = 200;
    public static final int RATE_LIMIT = 300;
    public static final int CREDENTIAL_REFUSALS = 400;
    public static final int BODY_LIMIT = 500;
    public static final int NUL_IN_URLS = 550;
    public static final int MEDIA_TYPES = 600;
    public static final int IDEMPOTENCY = 700;

    public static final int ROLE_DENIALS = Priorities.AUTHORIZATION - 1;
    public static final int READ_SCOPE = Priorities.AUTHORIZATION + 10;
    public static final int EMAIL_VERIFICATION = Priorities.AUTHORIZATION + 20;
    public static final int IDEMPOTENT_REPLAY = Priorities.AUTHORIZATION + 30;
    public static final int OPTIONS_REFUSAL = Priorities.USER;

    public static final int SECURITY_HEADERS = Priorities.USER;

    private FilterOrder() {
    }
}
