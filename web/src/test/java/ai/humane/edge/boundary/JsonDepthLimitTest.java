package ai.humane.edge.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonDepthLimitTest {

    @Test
    void countsNestingOutsideStringsOnly() {
        assertEquals(0, depth("\"{[{[\""));
        assertEquals(2, depth("{\"a\":[1,\"]]]\\\"[[[\"]}"));
        assertEquals(64, depth("[".repeat(64) + "]".repeat(64)));
        assertEquals(65, depth("[".repeat(65) + "]".repeat(65)));
    }

    @Test
    void stopsCountingPastTheLimit() {
        assertEquals(65, depth("[".repeat(100_000)));
    }

    private static int depth(String json) {
        return JsonDepthLimit.depth(json.getBytes(StandardCharsets.UTF_8));
    }
}
