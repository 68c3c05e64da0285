package ai.humane.edge.boundary;

import ai.humane.json.control.JsonP;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Which JSON value each scalar Java type takes, with no coercion between strings, numbers and booleans. */
final class JsonKinds {

    private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}");

    /** The inclusive range of each whole-number type; BigInteger is bounded by the double range StrictJson keeps. */
    private static final Map<Class<?>, long[]> WHOLE = Map.of(
            Integer.class, new long[] {Integer.MIN_VALUE, Integer.MAX_VALUE}, int.class, new long[] {Integer.MIN_VALUE, Integer.MAX_VALUE},
            Long.class, new long[] {Long.MIN_VALUE, Long.MAX_VALUE}, long.class, new long[] {Long.MIN_VALUE, Long.MAX_VALUE},
            Short.class, new long[] {Short.MIN_VALUE, Short.MAX_VALUE}, short.class, new long[] {Short.MIN_VALUE, Short.MAX_VALUE},
            Byte.class, new long[] {Byte.MIN_VALUE, Byte.MAX_VALUE}, byte.class, new long[] {Byte.MIN_VALUE, Byte.MAX_VALUE});

    private static final Map<Class<?>, Function<String, ?>> TIMES = Map.of(
            Instant.class, Instant::parse, OffsetDateTime.class, OffsetDateTime::parse, LocalDate.class, LocalDate::parse);

    private JsonKinds() {
    }

    /** Null when {@code value} fits {@code type}; else what it must be. */
    static String scalarProblem(JsonValue value, Class<?> type) {
        if (type == String.class) {
            return value instanceof JsonString ? null : "must be a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return value == JsonValue.TRUE || value == JsonValue.FALSE ? null : "must be true or false";
        }
        if (WHOLE.containsKey(type) || type == BigInteger.class) {
            return value instanceof JsonNumber number ? whole(number.bigDecimalValue(), type) : "must be a number";
        }
        if (type == Double.class || type == double.class || type == BigDecimal.class) {
            return value instanceof JsonNumber ? null : "must be a number";
        }
        if (type == Float.class || type == float.class) {
            return !(value instanceof JsonNumber number) ? "must be a number"
                    : Float.isInfinite(number.bigDecimalValue().floatValue()) ? "is out of range" : null;
        }
        if (type != UUID.class && !type.isEnum() && !TIMES.containsKey(type)) {
            throw new IllegalStateException("No strict JSON shape for the request body type " + type.getName());
        }
        return value instanceof JsonString text ? textProblem(text.getString(), type) : "must be a string";
    }

    /** Whole numbers as plain integers, so JSON-B binds exactly what was checked. */
    static JsonValue plain(JsonValue value, Class<?> type) {
        if ((WHOLE.containsKey(type) || type == BigInteger.class) && value instanceof JsonNumber number) {
            return JsonP.createValue(number.bigDecimalValue().toBigIntegerExact());
        }
        return value;
    }

    static String of(Class<?> jsonType) {
        if (JsonObject.class.isAssignableFrom(jsonType)) {
            return "an object";
        }
        if (JsonArray.class.isAssignableFrom(jsonType)) {
            return "an array";
        }
        return JsonString.class.isAssignableFrom(jsonType) ? "a string" : "a number";
    }

    private static String whole(BigDecimal number, Class<?> type) {
        long[] range = WHOLE.get(type);
        if (range != null && (number.compareTo(BigDecimal.valueOf(range[0])) < 0
                || number.compareTo(BigDecimal.valueOf(range[1])) > 0)) {
            return "must be a whole number from " + range[0] + " to " + range[1];
        }
        if (number.signum() != 0 && number.stripTrailingZeros().scale() > 0) {
            return "must be a whole number";
        }
        return null;
    }

    private static String textProblem(String text, Class<?> type) {
        if (type == UUID.class) {
            return UUID_TEXT.matcher(text).matches() ? null : "must be a UUID (8-4-4-4-12 hexadecimal digits)";
        }
        if (type.isEnum()) {
            boolean known = Arrays.stream(type.getEnumConstants()).anyMatch(c -> ((Enum<?>) c).name().equals(text));
            return known ? null : "must be one of " + Arrays.stream(type.getEnumConstants()).map(String::valueOf)
                    .collect(Collectors.joining(", "));
        }
        try {
            TIMES.get(type).apply(text);
            return null;
        } catch (DateTimeParseException e) {
            return "must be a date or time in RFC 3339 form";
        }
    }
}
