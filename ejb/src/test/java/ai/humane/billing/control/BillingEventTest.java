package ai.humane.billing.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.problems.control.InvalidField;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A1: the provider's events carry their creation time and are applied in its order, not in the order of arrival. */
class BillingEventTest {

    private static final Instant NOW = Instant.ofEpochSecond(1_900_000_000L);
    private static final UUID TENANT = UUID.randomUUID();

    @Test
    void createdIsReadInEpochSeconds() {
        assertEquals(NOW.minusSeconds(60), read("past_due", String.valueOf(NOW.getEpochSecond() - 60)).created());
        assertEquals(BillingEvent.EARLIEST, read("active", "1577836800").created());
        assertEquals(NOW.plusSeconds(300), read("active", String.valueOf(NOW.getEpochSecond() + 300)).created(),
                "as far ahead as a signature may be");
    }

    /** Missing, not a whole number, before 2020 or further ahead than a signature may be: 400 on {@code created}. */
    @Test
    void aMissingMalformedOrOutlandishCreatedIsInvalid() {
        for (String created : List.of("\"1900000000\"", "1900000000.5", "1.9e9", "1577836799", "-1", "0",
                String.valueOf(NOW.getEpochSecond() + 301), "99999999999999999999999999", "1e400", "null", "true",
                "{}", "[1900000000]")) {
            InvalidField refused = assertThrows(InvalidField.class, () -> read("active", created), created);
            assertTrue(refused.errors().get(0).field().endsWith("created"), created); // "/created": StrictJson's own
        }
        InvalidField missing = assertThrows(InvalidField.class, () -> BillingEvent.read(("{\"id\":\"evt_1\","
                + "\"type\":\"subscription.updated\",\"tenant_id\":\"" + TENANT + "\",\"status\":\"active\"}")
                .getBytes(StandardCharsets.UTF_8), NOW));
        assertEquals("created", missing.errors().get(0).field());
    }

    @Test
    void anEventOlderThanTheLastAppliedDoesNotApply() {
        Instant last = NOW.minusSeconds(10);
        assertTrue(event("active", NOW).appliesAfter(null, "canceled"), "the first event with a time");
        assertTrue(event("active", NOW).appliesAfter(last, "canceled"), "a newer one");
        assertFalse(event("active", last.minusSeconds(1)).appliesAfter(last, "canceled"), "a late active");
        assertFalse(event("past_due", last.minusSeconds(1)).appliesAfter(last, "active"), "a late past_due");
        assertFalse(event("canceled", last.minusSeconds(1)).appliesAfter(last, "active"), "even a late canceled");
    }

    /** In the same second the more restrictive status stands, in either order of arrival. */
    @Test
    void ofTwoCreatedInOneSecondTheMoreRestrictiveStands() {
        for (List<String> pair : List.of(List.of("active", "past_due"), List.of("past_due", "canceled"),
                List.of("active", "canceled"))) {
            String milder = pair.get(0);
            String stricter = pair.get(1);
            assertTrue(event(stricter, NOW).appliesAfter(NOW, milder), pair.toString());
            assertFalse(event(milder, NOW).appliesAfter(NOW, stricter), pair.toString());
        }
        assertTrue(event("past_due", NOW).appliesAfter(NOW, "past_due"), "the same status changes nothing");
    }

    private static BillingEvent event(String status, Instant created) {
        return read(status, String.valueOf(created.getEpochSecond()));
    }

    private static BillingEvent read(String status, String created) {
        return BillingEvent.read(("{\"id\":\"evt_1\",\"type\":\"subscription.updated\",\"tenant_id\":\"" + TENANT
                + "\",\"status\":\"" + status + "\",\"created\":" + created + "}").getBytes(StandardCharsets.UTF_8), NOW);
    }
}
