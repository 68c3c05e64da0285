package ai.humane.edge.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.problems.control.InvalidField;
import ai.humane.problems.control.MalformedJson;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Every refusal of the strict reader names the value by its JSON Pointer; what it accepts is kept exactly. */
class StrictJsonTest {

    @Test
    void readsStrictJsonAndKeepsNumbersExactly() {
        JsonObject read = StrictJson.read(bytes("{\"a\":[1,{\"b\":\"\\u00e9\\ud83d\\ude00\"}],\"n\":9007199254740993}"))
                .asJsonObject();
        assertEquals("é😀", read.getJsonArray("a").getJsonObject(1).getString("b"));
        assertEquals("9007199254740993", read.getJsonNumber("n").toString());
    }

    @Test
    void refusesADuplicateKeyAlsoWhenSpelledWithEscapes() {
        assertRefused("{\"name\":\"a\",\"name\":\"b\"}", "/name", "appears twice");
        assertRefused("{\"name\":\"a\",\"na\\u006de\":\"b\"}", "/name", "appears twice");
        assertRefused("{\"v\":[{\"x\":1},{\"x\":1,\"x\":2}]}", "/v/1/x", "appears twice");
    }

    @Test
    void refusesBytesThatAreNotUtf8AndNamesTheValueTheyAreIn() {
        byte[] body = {'{', '"', 'a', '"', ':', '"', 'x', '"', ',', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3, '"', '}'};
        assertRefused(body, "/name", "not valid UTF-8");
        byte[] surrogateInUtf8 = {'[', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', ']'};
        assertRefused(surrogateInUtf8, "/0", "not valid UTF-8");
        byte[] overlong = {'{', '"', 'k', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'};
        assertRefused(overlong, "/k", "not valid UTF-8");
    }

    @Test
    void refusesDataAfterTheDocumentAndASecondDocument() {
        assertRefused("{\"a\":1} x", "", "after the JSON document");
        assertRefused("{\"a\":1}{\"a\":2}", "", "after the JSON document");
        assertRefused("[1][2]", "", "after the JSON document");
    }

    @Test
    void refusesNulAndUnpairedSurrogatesInValuesAndKeys() {
        assertRefused("{\"name\":\"a\\u0000b\"}", "/name", "U+0000");
        assertRefused("{\"t\":{\"k\\u0000\":1}}", "/t/k\u0000", "U+0000");
        assertRefused("{\"name\":\"\\ud800x\"}", "/name", "unpaired surrogate");
        assertRefused("{\"name\":\"\\udc00\"}", "/name", "unpaired surrogate");
    }

    @Test
    void refusesNestingDeeperThanSixtyFourLevels() {
        StrictJson.read(bytes("[".repeat(64) + "]".repeat(64)));
        assertRefused("[".repeat(65) + "]".repeat(65), "/0".repeat(63) + "/0", "nested deeper than 64");
        assertRefused("[".repeat(200_000), "/0".repeat(64), "nested deeper than 64");
    }

    @Test
    void refusesNumbersNoDoubleCanHold() {
        assertRefused("{\"x\":1e999999}", "/x", "out of range");
        assertRefused("{\"x\":-1e400}", "/x", "out of range");
        assertRefused("{\"x\":1e-999999}", "/x", "out of range");
        assertEquals(0, StrictJson.read(bytes("{\"x\":0e-999999}")).asJsonObject().getJsonNumber("x").intValue());
    }

    @Test
    void refusesNumbersTooLongToConvertCheaply() {
        StrictJson.read(bytes("{\"x\":0." + "1".repeat(1098) + "}"));
        assertRefused("{\"x\":[" + "9".repeat(1_000_000) + "]}", "/x/0", "more than 1100 characters");
    }

    @Test
    void refusesSyntaxErrorsWhereTheyAre() {
        assertRefused("{\"name\": ", "/name", "not valid JSON");
        assertRefused("{\"a\":[1,2,}", "/a/2", "not valid JSON");
        assertRefused("{'a':1}", "", "not valid JSON");
        assertRefused("\ufeff{}", "", "not valid JSON");
        assertRefused("", "", "not valid JSON");
    }

    @Test
    void pointersEscapeSlashAndTilde() {
        assertRefused("{\"a/b~c\":\"\\u0000\"}", "/a~1b~0c", "U+0000");
    }

    @Test
    void refusalsAreMalformedJsonProblems() {
        MalformedJson refused = assertThrows(MalformedJson.class, () -> StrictJson.read(bytes("{")));
        assertEquals(400, refused.status());
        assertEquals("malformed-json", refused.slug());
    }

    private static void assertRefused(String json, String pointer, String message) {
        assertRefused(bytes(json), pointer, message);
    }

    private static void assertRefused(byte[] json, String pointer, String message) {
        MalformedJson refused = assertThrows(MalformedJson.class, () -> StrictJson.read(json));
        InvalidField.FieldError error = refused.errors().get(0);
        assertEquals(pointer, error.field(), error.message());
        assertTrue(error.message().contains(message), error.message());
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
