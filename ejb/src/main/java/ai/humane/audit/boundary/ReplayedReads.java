package ai.humane.audit.boundary;

import ai.humane.audit.control.EndUserDataRead;
import ai.humane.audit.control.EndUserDataReads;
import ai.humane.tenancy.control.TenantScope;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptors;
import java.util.List;

/**
 * O6, A2: the reads of end-user data that an idempotent replay discloses again, from the answer stored 24 hours at
 * most before: those the request recorded, kept with its answer. The replay runs no EJB, so they are recorded here,
 * in a transaction of its own, before the stored answer is sent: under a BAA as it holds now, by the caller replaying.
 */
@Stateless
@Interceptors(TenantScope.class)
public class ReplayedReads {

    @Inject
    EndUserDataReads reads;

    /** {@code disclosed}: the reads the request recorded, in its order. */
    public void record(List<EndUserDataRead> disclosed) {
        disclosed.forEach(reads::replayed);
    }
}
