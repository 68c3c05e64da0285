package ai.humane.privacy.control;

import ai.humane.problems.control.Problem;
import java.util.Map;

/**
 * An erasure asked in a request found an export or erasure of the tenant running past {@link PrivacyWork#REQUEST_WAIT}
 * (L3: a tenant's privacy work runs one at a time, or an export could keep an end user erased beside it).
 */
public class PrivacyJobRunning extends Problem {

    public PrivacyJobRunning() {
        super(409, "conflict", "Conflict", "An export or erasure of this tenant is running; retry when it has finished");
    }

    @Override
    public Map<String, String> headers() {
        return Map.of("Retry-After", "30");
    }
}
