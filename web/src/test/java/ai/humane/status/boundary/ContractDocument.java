package ai.humane.status.boundary;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** The hand-written contract as a plain tree, and what differs between two such trees, named by JSON pointer. */
final class ContractDocument {

    /** Where the contract lives; tests run in the web module's folder. */
    static final Path FILE = Path.of("src", "main", "resources", "META-INF", "openapi.yaml");
    /** YAML is a superset of JSON: one reader for both forms Payara serves. */
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ContractDocument() {
    }

    static JsonNode tree() {
        try {
            return YAML.readTree(FILE.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode parse(String document) {
        try {
            return YAML.readTree(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not YAML or JSON: " + e.getMessage(), e);
        }
    }

    static List<String> differences(JsonNode expected, JsonNode actual) {
        List<String> found = new ArrayList<>();
        compare("", expected, actual, found);
        return found;
    }

    private static void compare(String pointer, JsonNode expected, JsonNode actual, List<String> found) {
        String at = pointer.isEmpty() ? "/" : pointer;
        if (actual == null || actual.isMissingNode()) {
            found.add(at + ": missing (written: " + expected + ")");
        } else if (expected.isObject() && actual.isObject()) {
            TreeSet<String> names = new TreeSet<>();
            expected.fieldNames().forEachRemaining(names::add);
            actual.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                String child = pointer + "/" + name.replace("~", "~0").replace("/", "~1");
                if (!expected.has(name)) {
                    found.add(child + ": added (served: " + actual.get(name) + ")");
                } else {
                    compare(child, expected.get(name), actual.get(name), found);
                }
            }
        } else if (expected.isArray() && actual.isArray() && expected.size() == actual.size()) {
            for (int i = 0; i < expected.size(); i++) {
                compare(pointer + "/" + i, expected.get(i), actual.get(i), found);
            }
        } else if (!same(expected, actual)) {
            found.add(at + ": written " + expected + ", served " + actual);
        }
    }

    private static boolean same(JsonNode expected, JsonNode actual) {
        if (expected.isNumber() && actual.isNumber()) {
            return expected.decimalValue().compareTo(actual.decimalValue()) == 0;
        }
        return expected.equals(actual);
    }
}
