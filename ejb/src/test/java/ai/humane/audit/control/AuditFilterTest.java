package ai.humane.audit.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.humane.problems.control.InvalidField;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The list and export filters as clients write them, and what is refused. */
class AuditFilterTest {

    @Test
    void readsEveryFilter() {
        UUID id = UUID.randomUUID();
        AuditFilter filter = AuditFilter.parse("api_key.created", "api_key:" + id, "2026-01-01T00:00:00Z", "2026-02-01T00:00:00+01:00");
        assertEquals(new AuditFilter("api_key.created", AuditActor.apiKey(id), OffsetDateTime.parse("2026-01-01T00:00:00Z"),
                OffsetDateTime.parse("2026-02-01T00:00:00+01:00")), filter);
        assertEquals(AuditActor.user(id), AuditFilter.parse(null, "user:" + id, null, null).actor());
        assertEquals(AuditActor.system(), AuditFilter.parse(null, "system", null, null).actor());
        assertEquals(AuditFilter.NONE, AuditFilter.parse("", "", "", ""));
        assertEquals("user:" + id, AuditActor.user(id).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"user", "user:", "user:not-a-uuid", "admin:00000000-0000-4000-8000-000000000001", "System", "api_key"})
    void refusesActorsInAnyOtherForm(String actor) {
        InvalidField refused = assertThrows(InvalidField.class, () -> AuditFilter.parse(null, actor, null, null));
        assertEquals("actor", refused.errors().get(0).field());
    }

    @Test
    void refusesTimesThatAreNotRfc3339AndEmptyWindows() {
        assertEquals("since", assertThrows(InvalidField.class,
                () -> AuditFilter.parse(null, null, "yesterday", null)).errors().get(0).field());
        assertEquals("until", assertThrows(InvalidField.class,
                () -> AuditFilter.parse(null, null, null, "2026-01-01")).errors().get(0).field());
        assertEquals("until", assertThrows(InvalidField.class,
                () -> AuditFilter.parse(null, null, "2026-01-02T00:00:00Z", "2026-01-01T00:00:00Z")).errors().get(0).field());
        assertEquals("action", assertThrows(InvalidField.class,
                () -> AuditFilter.parse("a".repeat(101), null, null, null)).errors().get(0).field());
    }

    @Test
    void cursorsAreOpaqueButOnlyOursAreAccepted() {
        assertEquals(42L, AuditPages.decode(AuditPages.encode(42)));
        for (String foreign : new String[] {"42", "c2VxOng", "%%%", "bm90LWEtY3Vyc29y"}) {
            assertEquals("cursor", assertThrows(InvalidField.class, () -> AuditPages.decode(foreign)).errors().get(0).field());
        }
    }

    @Test
    void noFilterMeansEveryEvent() {
        assertEquals("TRUE = TRUE", AuditFilter.NONE.conditions());
        assertNull(AuditFilter.NONE.actor());
    }
}
