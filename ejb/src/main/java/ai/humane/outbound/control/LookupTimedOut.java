package ai.humane.outbound.control;

import java.net.UnknownHostException;

/**
 * A host's lookup had no answer in the time it was given (N2): not a name that does not resolve, but a call out of
 * time, which {@link OutboundClient} reports as the {@link OutboundTimeout} it is.
 */
public class LookupTimedOut extends UnknownHostException {

    LookupTimedOut(String message) {
        super(message);
    }
}
