package ai.humane.crypto.control;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * A comma list of keys from the environment (FERNET_KEYS, HMAC_KEY): the first is the current one, the
 * rest are kept during a rotation. Entries are trimmed; an empty or repeated entry is refused. Every
 * message names the variable and the entry's place, never its content: the entry is a secret.
 */
final class KeyList {

    private KeyList() {
    }

    /**
     * @param key parses one entry, given the entry and how to name it ("HMAC_KEY entry 2 of 3"); throws
     *            IllegalArgumentException naming it when the entry is no key
     */
    static <K> List<K> parse(String variable, String value, BiFunction<String, String, K> key) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(variable + " is empty: it needs at least one key, the current one");
        }
        String[] entries = value.split(",", -1);
        List<K> keys = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].strip();
            String where = variable + " entry " + (i + 1) + " of " + entries.length;
            if (entry.isEmpty()) {
                throw new IllegalArgumentException(where + " is empty (a stray comma?)");
            }
            if (!seen.add(entry)) {
                throw new IllegalArgumentException(where + " repeats an earlier entry");
            }
            keys.add(key.apply(entry, where));
        }
        return List.copyOf(keys);
    }
}
