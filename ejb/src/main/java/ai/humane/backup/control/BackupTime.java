package ai.humane.backup.control;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Optional;

/**
 * When in the UTC day the nightly backup is due: BACKUP_AT, {@code HH:MM}, 02:15 when not set. Anything else refuses
 * the boot (O3): a mistyped time must not silently move or drop the night's backup.
 */
public final class BackupTime {

    public static final LocalTime DEFAULT = LocalTime.of(2, 15);
    private static final DateTimeFormatter HOURS_MINUTES = DateTimeFormatter.ofPattern("HH:mm")
            .withResolverStyle(ResolverStyle.STRICT);

    private BackupTime() {
    }

    /** The time BACKUP_AT gives, or the default. */
    public static LocalTime from(Optional<String> setting) {
        String time = setting.map(String::strip).filter(value -> !value.isEmpty()).orElse(null);
        if (time == null) {
            return DEFAULT;
        }
        try {
            return LocalTime.parse(time, HOURS_MINUTES);
        } catch (DateTimeParseException e) {
            throw new IllegalStateException("BACKUP_AT must be HH:MM (UTC, 00:00 to 23:59), not " + time, e);
        }
    }

    /** {@code HH:MM}, as the setting is written. */
    public static String format(LocalTime time) {
        return HOURS_MINUTES.format(time);
    }
}
