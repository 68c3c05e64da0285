package ai.humane.audit.boundary;

import ai.humane.audit.control.EndUserDataReads;
import ai.humane.tenancy.control.TenantScope;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptors;

/**
 * O6, A2: the read of an end user that an idempotent replay discloses again, from the answer stored 24 hours at most
 * before. The route's EJB recorded the first; the replay runs none, so it is recorded here, in a transaction of its
 * own, before the stored answer is sent: under a BAA as it holds now, by the caller replaying.
 */
@Stateless
@Interceptors(TenantScope.class)
public class ReplayedReads {

    @Inject
    EndUserDataReads reads;

    /** {@code kind}: as the route's EJB names its read; {@code endUser}: whose data the stored answer carries. */
    public void record(String kind, String endUser) {
        reads.replayed(kind, endUser);
    }
}
