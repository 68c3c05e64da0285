package ai.humane.status.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class AppEnvironmentTest {

    @Test
    void productionIsWhatAnUnsetVariableMeans() {
        // MicroProfile Config hands the default when APP_ENV is unset or empty.
        AppEnvironment unset = new AppEnvironment(AppEnvironment.PRODUCTION);
        assertTrue(unset.production());
        assertEquals(Optional.empty(), unset.refusal());
    }

    @Test
    void onlyTheExactWordDevelopmentRelaxesAnything() {
        AppEnvironment development = new AppEnvironment("development");
        assertFalse(development.production());
        assertEquals(Optional.empty(), development.refusal());
    }

    @ParameterizedTest
    @ValueSource(strings = {"prod", "Production", "PRODUCTION", "dev", "Development", "development ", "staging", "test"})
    void anyOtherValueIsTreatedAsProductionAndRefusedByName(String value) {
        AppEnvironment typo = new AppEnvironment(value);
        assertTrue(typo.production(), "a typo must get every production safeguard");
        assertTrue(typo.refusal().orElseThrow().contains("'" + value + "'"), typo.refusal().toString());
    }
}
