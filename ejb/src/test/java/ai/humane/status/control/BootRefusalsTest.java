package ai.humane.status.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class BootRefusalsTest {

    @Test
    void whatProductionRefusesDevelopmentOnlyWarnsAbout() {
        BootRefusals development = new BootRefusals();
        development.addOrWarn(false, "table scratch is reachable");
        assertEquals(List.of(), development.reasons());
        development.enforce();

        BootRefusals production = new BootRefusals();
        production.addOrWarn(true, "table scratch is reachable");
        assertEquals(List.of("table scratch is reachable"), production.reasons());
        assertThrows(IllegalStateException.class, production::enforce);
    }
}
