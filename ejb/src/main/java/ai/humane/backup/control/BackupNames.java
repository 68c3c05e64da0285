package ai.humane.backup.control;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code humane-20261202T021500Z.zip.pgp}: the time a backup was taken, in its name, so it sorts and prunes. */
public final class BackupNames {

    public static final String ENCRYPTED = ".zip.pgp";
    public static final String PLAIN = ".zip";
    private static final Pattern NAME = Pattern.compile("humane-(\\d{8}T\\d{6}Z)\\.zip(\\.pgp)?");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private BackupNames() {
    }

    public static String of(Instant taken, boolean encrypted) {
        return "humane-" + STAMP.format(taken) + (encrypted ? ENCRYPTED : PLAIN);
    }

    /**
     * {@code name}, once it is known to be a backup's: a target never reads, writes or deletes anything else,
     * so no name can reach outside its folder or prefix.
     *
     * @throws IllegalArgumentException for any other name
     */
    public static String require(String name) {
        if (!isBackup(name)) {
            throw new IllegalArgumentException("not a backup's name: " + name);
        }
        return name;
    }

    public static boolean isBackup(String name) {
        return NAME.matcher(name).matches();
    }

    public static Optional<Instant> taken(String name) {
        Matcher m = NAME.matcher(name);
        return m.matches() ? Optional.of(Instant.from(STAMP.parse(m.group(1)))) : Optional.empty();
    }
}
