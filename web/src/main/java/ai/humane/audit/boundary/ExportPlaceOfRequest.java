package ai.humane.audit.boundary;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.UUID;

/**
 * The export place a request took, given back when the request ends whatever became of it: the stream gives it back
 * when it ends, but a stream that is never written (the answer failed after the place was taken) would otherwise hold
 * it for as long as this instance renews it. Giving back a place twice is nothing.
 */
@RequestScoped
public class ExportPlaceOfRequest {

    @Inject
    AuditExportPlaces places;

    private UUID place;

    public void hold(UUID taken) {
        place = taken;
    }

    @PreDestroy
    void requestEnded() {
        if (place != null) {
            places.giveBack(place);
        }
    }
}
