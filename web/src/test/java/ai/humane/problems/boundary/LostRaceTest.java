package ai.humane.problems.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

class LostRaceTest {

    private final UnhandledMapper mapper = mapperOfOneRequest();

    /** The mapper as the container makes it, with the request's record of the failures it logged. */
    private static UnhandledMapper mapperOfOneRequest() {
        UnhandledMapper mapper = new UnhandledMapper();
        mapper.logged = new LoggedFailures();
        return mapper;
    }

    @Test
    void aUniqueViolationOfAConstraintARequestChecksIsTheCheckConflict() {
        Response answer = mapper.toResponse(committed(violation("23505", "end_users_tenant_id_external_id_key")));

        assertEquals(409, answer.getStatus());
        assertTrue(answer.getEntity().toString().contains("\"type\":\"" + ProblemResponse.TYPE_BASE + "conflict\""),
                answer.getEntity().toString());
    }

    @Test
    void aUniqueViolationAnywhereElseIsOurDefectNotTheCallersConflict() {
        Response answer = mapper.toResponse(committed(violation("23505", "webhook_deliveries_endpoint_id_event_id_key")));

        assertEquals(500, answer.getStatus());
    }

    @Test
    void anotherFailureOfAConstraintWeCheckIsNotARace() {
        Response answer = mapper.toResponse(committed(violation("23514", "end_users_tenant_id_external_id_key")));

        assertEquals(500, answer.getStatus());
    }

    /** The driver's failure as PostgreSQL reports it: severity, SQLSTATE, message and the constraint's name. */
    private static PSQLException violation(String sqlState, String constraint) {
        return new PSQLException(new ServerErrorMessage(
                "SERROR\0C" + sqlState + "\0Mduplicate key value violates unique constraint\0n" + constraint + "\0"));
    }

    /** As a failed commit reaches the mapper: wrapped by the persistence provider and the container. */
    private static RuntimeException committed(SQLException cause) {
        return new IllegalStateException("Transaction rolled back", new RuntimeException("Exception [EclipseLink]", cause));
    }
}
