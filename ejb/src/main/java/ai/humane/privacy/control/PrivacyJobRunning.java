package ai.humane.privacy.control;

import ai.humane.problems.control.RetryLater;

/**
 * An erasure asked in a request found an export or erasure of the tenant running past {@link PrivacyWork#REQUEST_WAIT}
 * (L3: a tenant's privacy work runs one at a time, or an export could keep an end user erased beside it).
 */
public class PrivacyJobRunning extends RetryLater {

    public PrivacyJobRunning() {
        super(409, "conflict", "Conflict", "An export or erasure of this tenant is running; retry when it has finished",
                30);
    }
}
