package ai.humane.edge.control;

import ai.humane.json.control.JsonP;
import ai.humane.problems.control.MalformedJson;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Builds the document from the parser's events while checking what the parser lets through, and always
 * knows the JSON Pointer of the value being read, so every refusal can name it.
 */
final class JsonTree {

    private static final JsonBuilderFactory BUILDERS = JsonP.createBuilderFactory(Map.of());
    private static final int MAX_NUMBER_LENGTH = 1100;

    private final int maxDepth;
    private final Deque<Level> levels = new ArrayDeque<>();
    private JsonValue root;

    JsonTree(int maxDepth) {
        this.maxDepth = maxDepth;
    }

    void on(JsonParser.Event event, JsonParser parser) {
        switch (event) {
            case START_OBJECT, START_ARRAY -> open(event == JsonParser.Event.START_OBJECT);
            case KEY_NAME -> levels.element().key(parser.getString());
            case VALUE_STRING -> add(JsonP.createValue(text(parser.getString())));
            case VALUE_NUMBER -> add(JsonP.createValue(number(parser.getString())));
            case VALUE_TRUE -> add(JsonValue.TRUE);
            case VALUE_FALSE -> add(JsonValue.FALSE);
            case VALUE_NULL -> add(JsonValue.NULL);
            case END_OBJECT, END_ARRAY -> add(levels.pop().build());
        }
    }

    boolean complete() {
        return root != null && levels.isEmpty();
    }

    JsonValue root() {
        return root;
    }

    /** Where the parser is: the value being read, or the container when no key has been read yet. */
    String pointer() {
        StringBuilder pointer = new StringBuilder();
        for (Iterator<Level> outermostFirst = levels.descendingIterator(); outermostFirst.hasNext(); ) {
            String step = outermostFirst.next().step();
            if (step == null) {
                break;
            }
            pointer.append('/').append(step.replace("~", "~0").replace("/", "~1"));
        }
        return pointer.toString();
    }

    private void open(boolean object) {
        if (levels.size() >= maxDepth) {
            throw new MalformedJson(pointer(), "is nested deeper than " + maxDepth + " levels");
        }
        levels.push(object ? new Level(BUILDERS.createObjectBuilder(), null) : new Level(null, BUILDERS.createArrayBuilder()));
    }

    private void add(JsonValue value) {
        if (levels.isEmpty()) {
            root = value;
        } else {
            levels.element().add(value);
        }
    }

    private String text(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == 0) {
                throw new MalformedJson(pointer(), "must not contain U+0000 (NUL)");
            }
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c) && i + 1 < value.length()
                        && Character.isLowSurrogate(value.charAt(i + 1));
                if (!paired) {
                    throw new MalformedJson(pointer(), "must not contain an unpaired surrogate (not Unicode text)");
                }
                i++;
            }
        }
        return value;
    }

    /**
     * I-JSON: a number must survive a 64-bit double, else clients and PostgreSQL disagree about it. Its text
     * is bounded first: converting a megabyte of digits costs quadratic time (the runtime's parser sets no
     * such bound; newer Parsson releases refuse past the same 1100 characters).
     */
    private BigDecimal number(String text) {
        if (text.length() > MAX_NUMBER_LENGTH) {
            throw new MalformedJson(pointer(), "is a number of more than " + MAX_NUMBER_LENGTH + " characters");
        }
        BigDecimal value = new BigDecimal(text);
        double approximately = value.doubleValue();
        if (Double.isInfinite(approximately) || approximately == 0 && value.signum() != 0) {
            throw new MalformedJson(pointer(), "is out of range (numbers must fit a 64-bit double)");
        }
        return value;
    }

    /** One open object or array. */
    private final class Level {

        private final JsonObjectBuilder object;
        private final JsonArrayBuilder array;
        private final Set<String> keys = new HashSet<>();
        private String key;
        private int size;

        Level(JsonObjectBuilder object, JsonArrayBuilder array) {
            this.object = object;
            this.array = array;
        }

        void key(String name) {
            key = name;
            text(name);
            if (!keys.add(name)) {
                throw new MalformedJson(pointer(), "appears twice in one object");
            }
        }

        void add(JsonValue value) {
            if (object != null) {
                object.add(key, value);
            } else {
                array.add(value);
            }
            size++;
        }

        String step() {
            return object != null ? key : Integer.toString(size);
        }

        JsonValue build() {
            return object != null ? object.build() : array.build();
        }
    }
}
