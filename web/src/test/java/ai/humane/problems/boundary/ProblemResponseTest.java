package ai.humane.problems.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.testing.LoggedRecords;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.List;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class ProblemResponseTest {

    /** Payara's mapper of EJBExceptions maps a cause twice: the request logs it once and answers one id. */
    @Test
    void aFailureMappedTwiceInARequestIsLoggedOnceUnderOneInstance() {
        try (LoggedRecords logged = LoggedRecords.of(ProblemResponse.class)) {
            LoggedFailures request = new LoggedFailures();
            IllegalStateException failure = new IllegalStateException("the read was cancelled");
            String first = request.instanceOf(failure);
            assertEquals(first, request.instanceOf(failure), "the same failure answers the id it was logged under");
            List<LogRecord> records = logged.records();
            assertEquals(1, records.size(), "logged once");
            assertTrue(records.get(0).getMessage().startsWith(first), records.get(0).getMessage());
            assertSame(failure, records.get(0).getThrown());

            String other = request.instanceOf(new IllegalStateException("the read was cancelled"));
            assertNotEquals(first, other, "another failure, even an equal-looking one, is another instance");
            assertEquals(2, logged.records().size());
            assertNotEquals(first, new LoggedFailures().instanceOf(failure), "the next request logs it afresh");
        }
    }

    @Test
    void anInternalFailureShowsOnlyTheInstanceAndLogsTheCauseUnderIt() {
        try (LoggedRecords records = LoggedRecords.of(ProblemResponse.class)) {
            String body = ProblemResponse.internalBody(
                    new IllegalStateException("ERROR: relation \"tenants\" SELECT * FROM tenants WHERE secret = 'x'"));
            JsonObject problem = Json.createReader(new StringReader(body)).readObject();

            assertEquals(500, problem.getInt("status"));
            assertEquals("https://humane.ai/problems/internal", problem.getString("type"));
            assertFalse(body.contains("SELECT"), body);
            assertFalse(body.contains("IllegalStateException"), body);
            LogRecord record = records.records().get(0);
            assertTrue(record.getMessage().contains(problem.getString("instance")), "the log carries the same instance id");
            assertTrue(record.getThrown().getMessage().contains("SELECT"), "the cause is in the log, not the answer");
        }
    }
}
