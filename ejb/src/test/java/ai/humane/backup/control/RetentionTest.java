package ai.humane.backup.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** 7 daily, 4 weekly, 12 monthly (O3), over a year and a half of backups every six hours. */
class RetentionTest {

    private static final Instant NOW = Instant.parse("2026-12-02T02:15:00Z");

    @Test
    void keepsTheNewestOfEachOfSevenDaysFourWeeksAndTwelveMonths() {
        List<Instant> taken = new ArrayList<>();
        for (Instant t = NOW.minus(Duration.ofDays(550)); !t.isAfter(NOW); t = t.plus(Duration.ofHours(6))) {
            taken.add(t);
        }
        Set<Instant> kept = Retention.standard().keep(taken, NOW);
        assertTrue(kept.contains(NOW), "the newest backup stays");
        Set<LocalDate> days = kept.stream().map(t -> LocalDate.ofInstant(t, ZoneOffset.UTC)).collect(Collectors.toSet());
        for (int back = 0; back < 7; back++) {
            assertTrue(days.contains(LocalDate.of(2026, 12, 2).minusDays(back)), "day " + back);
        }
        Set<String> months = kept.stream().map(t -> LocalDate.ofInstant(t, ZoneOffset.UTC))
                .map(d -> d.getYear() + "-" + d.getMonthValue()).collect(Collectors.toSet());
        assertEquals(12, months.size(), "twelve months: " + months);
        assertTrue(kept.size() <= 7 + 4 + 12, "kept " + kept.size());
        assertTrue(kept.stream().allMatch(t -> t.isAfter(NOW.minus(Duration.ofDays(366)))), "nothing past a year");
    }

    /**
     * Names dated after the backup just written (planted in the target, or from a clock ahead) are kept and take no
     * slot: the backup just written and the real days, weeks and months stay. Broken once: twelve such names in
     * distinct months had every real backup pruned, the one just written included.
     */
    @Test
    void namesDatedAfterNowTakeNoSlotAndTheNewestRealBackupStays() {
        List<Instant> taken = new ArrayList<>();
        for (Instant t = NOW.minus(Duration.ofDays(60)); !t.isAfter(NOW); t = t.plus(Duration.ofDays(1))) {
            taken.add(t);
        }
        List<Instant> planted = new ArrayList<>(List.of(NOW.plus(Duration.ofMinutes(30))));
        for (int month = 1; month <= 12; month++) {
            planted.add(NOW.plus(Duration.ofDays(40L * month)));
        }
        taken.addAll(planted);
        Set<Instant> kept = Retention.standard().keep(taken, NOW);
        assertTrue(kept.contains(NOW), "the backup just written stays");
        for (int back = 0; back < 7; back++) {
            assertTrue(kept.contains(NOW.minus(Duration.ofDays(back))), "day " + back);
        }
        assertTrue(kept.containsAll(planted), "what it does not understand it leaves alone");
    }

    @Test
    void namesCarryTheTimeTheyWereTaken() {
        String name = BackupNames.of(NOW, true);
        assertEquals("humane-20261202T021500Z.zip.pgp", name);
        assertEquals(NOW, BackupNames.taken(name).orElseThrow());
        assertTrue(BackupNames.taken("../etc/passwd").isEmpty());
    }
}
