package ai.humane.audit.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Map;

/**
 * One event the log must hold: its action, actor and resource (id null: any), and fields of before and after
 * with their JSON text; the key {@code before} or {@code after} stands for the whole document.
 */
record ExpectedEvent(String action, String actor, String type, String resource, Map<String, String> before,
                     Map<String, String> after) {

    void check(List<JsonObject> log) {
        JsonObject event = log.stream().filter(e -> action.equals(e.getString("action")))
                .filter(e -> resource == null || resource.equals(e.getJsonObject("resource").getString("id")))
                .findFirst().orElseThrow(() -> new AssertionError(action + " on " + resource + " is not in the log"));
        JsonObject by = event.getJsonObject("actor");
        assertEquals(actor, by.getString("type") + (by.isNull("id") ? "" : ":" + by.getString("id")), action + " actor");
        assertEquals(type, event.getJsonObject("resource").getString("type"), action + " resource type");
        fields(event, "before", before);
        fields(event, "after", after);
    }

    private void fields(JsonObject event, String side, Map<String, String> wanted) {
        JsonValue document = event.get(side);
        wanted.forEach((field, json) -> assertEquals(json, field.equals(side) ? document.toString()
                        : document.asJsonObject().getOrDefault(field, JsonValue.NULL).toString(),
                event.getString("action") + " " + side + "." + field));
    }
}
