package ai.humane.edge.boundary;

import ai.humane.json.control.JsonP;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;

/** JSON documents kept in jsonb columns, handed back to clients as JSON rather than as strings. */
public final class JsonColumns {

    private JsonColumns() {
    }

    public static JsonObject object(String stored) {
        try (JsonReader reader = JsonP.createReader(new StringReader(stored))) {
            return reader.readObject();
        }
    }

    public static JsonArray array(String stored) {
        try (JsonReader reader = JsonP.createReader(new StringReader(stored))) {
            return reader.readArray();
        }
    }

    public static String text(JsonObject object) {
        return object == null ? null : object.toString();
    }
}
