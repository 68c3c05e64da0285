package ai.humane.edge.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.humane.problems.control.InvalidField.FieldError;
import ai.humane.problems.control.MalformedJson;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What JSON-B would coerce is refused before it binds, each refusal at its JSON Pointer. */
class BodyShapeTest {

    enum Colour { RED, GREEN }

    record Item(String name, UUID engineId, Integer weight) {
    }

    record Body(String name, Integer hours, long count, Boolean enabled, boolean flag, JsonObject config,
                List<String> tags, List<Item> items, Colour colour, Map<String, Integer> limits) {
    }

    @Test
    void acceptsTheRightTypesAndWritesWholeNumbersPlainly() {
        JsonValue shaped = BodyShape.check(json("{\"name\":\"n\",\"hours\":1e2,\"count\":7.0,\"enabled\":null,\"flag\":true,"
                + "\"config\":{\"x\":[1.5,\"s\"]},\"tags\":[\"a\"],\"items\":[{\"name\":\"i\",\"engine_id\":\""
                + UUID.randomUUID() + "\",\"weight\":3}],\"colour\":\"RED\",\"limits\":{\"a\":1}}"), Body.class);
        JsonObject body = shaped.asJsonObject();
        assertEquals("100", body.get("hours").toString());
        assertEquals("7", body.get("count").toString());
        assertEquals("{\"x\":[1.5,\"s\"]}", body.get("config").toString());
    }

    @Test
    void refusesCoercionsAndNamesEachValue() {
        List<FieldError> errors = refused("{\"name\":5,\"hours\":\"100\",\"enabled\":\"true\",\"flag\":1,\"config\":[],"
                + "\"tags\":\"a\",\"items\":[[]],\"colour\":\"BLUE\",\"limits\":{\"a\":\"1\"}}");
        assertEquals(List.of("/name", "/hours", "/enabled", "/flag", "/config", "/tags", "/items/0", "/colour", "/limits/a"),
                errors.stream().map(FieldError::field).toList());
    }

    @Test
    void wholeNumbersMustBeWholeAndWithinTheirJavaType() {
        assertEquals("/hours", refused("{\"hours\":4294967320}").get(0).field());
        assertEquals("/hours", refused("{\"hours\":1.5}").get(0).field());
        assertEquals("/hours", refused("{\"hours\":2147483648}").get(0).field());
        assertEquals("/count", refused("{\"count\":9223372036854775808}").get(0).field());
        assertEquals("/items/0/weight", refused("{\"items\":[{\"weight\":9007199254740993}]}").get(0).field());
        BodyShape.check(json("{\"hours\":-2147483648,\"count\":9223372036854775807}"), Body.class);
    }

    @Test
    void refusesUuidsInAnyButTheCanonicalFormAndNullForPrimitives() {
        assertEquals("/items/0/engine_id", refused("{\"items\":[{\"engine_id\":\"1-1-1-1-1\"}]}").get(0).field());
        assertEquals("/flag", refused("{\"flag\":null}").get(0).field());
    }

    @Test
    void refusesAnArrayForTheDocumentAndNamesUnknownFields() {
        assertEquals("", refused("[1,2]").get(0).field());
        FieldError unknown = refused("{\"tenant_id\":\"x\",\"items\":[{\"role\":\"owner\"}]}").get(0);
        assertEquals("/tenant_id", unknown.field());
        assertEquals("/items/0/role", refused("{\"items\":[{\"role\":\"owner\"}]}").get(0).field());
    }

    @Test
    void listsAtMostTwentyErrors() {
        String many = "{\"tags\":[" + "1,".repeat(50) + "1]}";
        assertEquals(20, refused(many).size());
    }

    record Unshaped(java.net.URI link) {
    }

    /** A body type nobody taught the reader fails loudly (500, logged) rather than binding leniently. */
    @Test
    void aTypeWithoutAStrictShapeIsADeveloperError() {
        assertThrows(IllegalStateException.class, () -> BodyShape.check(json("{\"link\":\"https://x\"}"), Unshaped.class));
        assertThrows(IllegalStateException.class, () -> BodyShape.check(json("{\"link\":5}"), Unshaped.class));
    }

    private static List<FieldError> refused(String json) {
        return assertThrows(MalformedJson.class, () -> BodyShape.check(json(json), Body.class)).errors();
    }

    private static JsonValue json(String text) {
        return Json.createReader(new StringReader(text)).readValue();
    }
}
