package ai.humane.outbound.control;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Answers from a fixed table (outbound/hosts.txt) instead of DNS, and remembers what it was asked. */
final class ScriptedResolver implements HostResolver {

    /** Listed in hosts.txt with this single "address": the resolver itself fails. */
    private static final String CRASH = "crash";

    private final Map<String, List<String>> table;
    private final List<String> asked = new ArrayList<>();

    private ScriptedResolver(Map<String, List<String>> table) {
        this.table = table;
    }

    static ScriptedResolver fromFixture() {
        Map<String, List<String>> table = new HashMap<>();
        for (String line : lines("outbound/hosts.txt")) {
            String[] fields = line.split("\\s+");
            table.put(fields[0], List.of(Arrays.copyOfRange(fields, 1, fields.length)));
        }
        return new ScriptedResolver(table);
    }

    @Override
    public List<InetAddress> resolve(String host) throws UnknownHostException {
        asked.add(host);
        List<String> answer = table.get(host);
        if (answer == null) {
            throw new UnknownHostException(host);
        }
        if (answer.equals(List.of(CRASH))) {
            throw new IllegalStateException("resolver bug for " + host);
        }
        return answer.stream().map(TestAddresses::parse).toList();
    }

    boolean knows(String host) {
        return table.containsKey(host);
    }

    List<String> asked() {
        return List.copyOf(asked);
    }

    /** Non-blank, non-comment lines of a test resource. */
    static List<String> lines(String resource) {
        var stream = Objects.requireNonNull(ScriptedResolver.class.getClassLoader().getResourceAsStream(resource),
                resource);
        try (var reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            return reader.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
