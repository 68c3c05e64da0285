package ai.humane.backup.control;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Which backups to keep (O3): the newest of each of the last 7 days that have one, of the last 4 ISO weeks and
 * of the last 12 months; a backup may count for all three. Everything else is pruned.
 */
public final class Retention {

    private final int days;
    private final int weeks;
    private final int months;

    public Retention(int days, int weeks, int months) {
        this.days = days;
        this.weeks = weeks;
        this.months = months;
    }

    public static Retention standard() {
        return new Retention(7, 4, 12);
    }

    /**
     * The subset of {@code taken} to keep, {@code written} being the backup just written. A name dated after it is
     * kept and counts for nothing, so the backup just written is always the newest that counts, and kept: planted in
     * the target, or written under a clock ahead, such names took the newest day, week and month slots, and twelve of
     * them in distinct months had every real backup pruned, the one just written included, while the run was recorded
     * as a success (found by a read-only review, 2026-12-07; one dated half an hour ahead pruned the new one alone).
     */
    public Set<Instant> keep(List<Instant> taken, Instant written) {
        List<Instant> newestFirst = taken.stream().filter(t -> !t.isAfter(written)).sorted(Comparator.reverseOrder())
                .toList();
        Set<Instant> kept = new HashSet<>(taken.stream().filter(t -> t.isAfter(written)).toList());
        kept.addAll(newestPer(newestFirst, date -> date.toString(), days));
        kept.addAll(newestPer(newestFirst, date -> date.get(IsoFields.WEEK_BASED_YEAR) + "-W"
                + date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), weeks));
        kept.addAll(newestPer(newestFirst, date -> date.getYear() + "-" + date.getMonthValue(), months));
        return kept;
    }

    private static List<Instant> newestPer(List<Instant> newestFirst, Function<LocalDate, String> period, int count) {
        Map<String, Instant> newest = new LinkedHashMap<>();
        for (Instant instant : newestFirst) {
            String key = period.apply(LocalDate.ofInstant(instant, ZoneOffset.UTC));
            if (newest.size() < count || newest.containsKey(key)) {
                newest.putIfAbsent(key, instant);
            }
        }
        return List.copyOf(newest.values());
    }
}
