package ai.humane.problems.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class ProblemResponseTest {

    @Test
    void anInternalFailureShowsOnlyTheInstanceAndLogsTheCauseUnderIt() {
        StringBuilder logged = new StringBuilder();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.append(record.getMessage()).append(' ').append(record.getThrown());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(ProblemResponse.class.getName());
        logger.addHandler(capture);
        try {
            String body = ProblemResponse.internalBody(
                    new IllegalStateException("ERROR: relation \"tenants\" SELECT * FROM tenants WHERE secret = 'x'"));
            JsonObject problem = Json.createReader(new StringReader(body)).readObject();

            assertEquals(500, problem.getInt("status"));
            assertEquals("https://humane.ai/problems/internal", problem.getString("type"));
            assertFalse(body.contains("SELECT"), body);
            assertFalse(body.contains("IllegalStateException"), body);
            assertTrue(logged.toString().contains(problem.getString("instance")), "the log carries the same instance id");
            assertTrue(logged.toString().contains("SELECT"), "the cause is in the log, not the answer");
        } finally {
            logger.removeHandler(capture);
        }
    }
}
