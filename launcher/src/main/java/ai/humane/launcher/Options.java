package ai.humane.launcher;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code --name value} pairs and {@code --flag} switches of a command. */
record Options(Map<String, String> values) {

    static Options parse(List<String> args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument: " + arg);
            }
            boolean hasValue = i + 1 < args.size() && !args.get(i + 1).startsWith("--");
            values.put(arg.substring(2), hasValue ? args.get(++i) : "true");
        }
        return new Options(values);
    }

    String required(String name) {
        String value = values.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    String optional(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    boolean flag(String name) {
        return "true".equals(values.get(name));
    }
}
