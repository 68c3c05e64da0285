package ai.humane.backup.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BackupTimeTest {

    @Test
    void theNightlyBackupIsDueAtTheTimeGivenOrAt0215() {
        assertEquals(LocalTime.of(2, 15), BackupTime.from(Optional.empty()));
        assertEquals(LocalTime.of(2, 15), BackupTime.from(Optional.of("  ")));
        assertEquals(LocalTime.of(0, 0), BackupTime.from(Optional.of("00:00")));
        assertEquals(LocalTime.of(23, 59), BackupTime.from(Optional.of(" 23:59 ")));
        assertEquals("04:05", BackupTime.format(BackupTime.from(Optional.of("04:05"))));
    }

    @Test
    void anythingButATimeOfDayRefusesTheBoot() {
        for (String wrong : new String[] {"2:15", "24:00", "02:60", "02:15:00", "2am", "02.15", "-01:00"}) {
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> BackupTime.from(Optional.of(wrong)),
                    wrong);
            assertTrue(refused.getMessage().equals("BACKUP_AT must be HH:MM (UTC, 00:00 to 23:59), not " + wrong),
                    refused.getMessage());
        }
    }
}
