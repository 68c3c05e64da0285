package ai.humane.edge.boundary;

import ai.humane.edge.control.StrictJson;
import ai.humane.problems.boundary.JsonSettings;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.NoContentException;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

/**
 * The one way a JSON request body becomes a Java value: strict JSON ({@link StrictJson}), then the shape of
 * the target type ({@link BodyShape}), and only then JSON-B. Request bodies are records, and this reader is
 * declared for {@link Record}: the runtime picks the reader whose declared type is closest to the target
 * before it looks at anything else, so it wins over the runtime's lenient JSON-B reader (declared for
 * {@code Object}) on every deployment. Declared for {@code Object} too, the two tie and the runtime picks
 * either (measured: one deployment read strictly, the next leniently). {@code JsonBodiesTest} holds every
 * resource to record bodies. Raw bodies (bytes, text) are left to the runtime: whoever takes them reads
 * them strictly themselves (inbound events do, after the signature).
 */
@Provider
@Consumes({MediaType.APPLICATION_JSON, "application/*+json"})
public class JsonBodies implements MessageBodyReader<Record> {

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type.isRecord() && MediaTypes.isJson(mediaType);
    }

    @Override
    public Record readFrom(Class<Record> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                           MultivaluedMap<String, String> headers, InputStream entity) throws IOException {
        byte[] body = entity.readAllBytes();
        if (body.length == 0) {
            throw new NoContentException("The body is empty");
        }
        JsonValue shaped = BodyShape.check(StrictJson.read(body), genericType);
        return type.cast(JsonSettings.JSONB.fromJson(shaped.toString(), genericType));
    }
}
