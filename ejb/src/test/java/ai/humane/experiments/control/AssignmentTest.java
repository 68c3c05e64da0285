package ai.humane.experiments.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Assignment is a function of experiment and end user, and follows the weights. */
class AssignmentTest {

    private final List<Assignment.Variant> variants = List.of(new Assignment.Variant("a", UUID.randomUUID(), 1),
            new Assignment.Variant("b", UUID.randomUUID(), 3));

    @Test
    void theSameEndUserAlwaysGetsTheSameVariant() {
        UUID experiment = UUID.randomUUID();
        UUID endUser = UUID.randomUUID();
        Assignment.Variant first = Assignment.of(experiment, endUser, variants);
        for (int i = 0; i < 20; i++) {
            assertEquals(first, Assignment.of(experiment, endUser, variants));
        }
    }

    @Test
    void sharesFollowTheWeights() {
        UUID experiment = UUID.fromString("00000000-0000-4000-8000-000000000001");
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 4000; i++) {
            UUID endUser = new UUID(0x1234L, i);
            counts.merge(Assignment.of(experiment, endUser, variants).name(), 1, Integer::sum);
        }
        // 1:3 weights; 4000 draws put b's share within 0.75 ± 0.03 (over four standard deviations).
        double b = counts.get("b") / 4000.0;
        assertTrue(Math.abs(b - 0.75) < 0.03, "share of b " + b);
    }
}
