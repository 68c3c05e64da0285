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
import java.io.Reader;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.Set;

/**
 * The one way a JSON request body becomes a Java value: strict JSON ({@link StrictJson}), then the shape of
 * the target type ({@link BodyShape}), and only then JSON-B. As an application provider it is chosen over
 * the runtime's own JSON-B reader, which would read leniently. Raw bodies (bytes, text, streams) are left to
 * the runtime: whoever takes them reads them strictly themselves (inbound events do, after the signature).
 */
@Provider
@Consumes({MediaType.APPLICATION_JSON, "application/*+json"})
public class JsonBodies implements MessageBodyReader<Object> {

    private static final Set<Class<?>> RAW = Set.of(byte[].class, String.class, InputStream.class, Reader.class);

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return !RAW.contains(type) && MediaTypes.isJson(mediaType);
    }

    @Override
    public Object readFrom(Class<Object> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                           MultivaluedMap<String, String> headers, InputStream entity) throws IOException {
        byte[] body = entity.readAllBytes();
        if (body.length == 0) {
            throw new NoContentException("The body is empty");
        }
        JsonValue shaped = BodyShape.check(StrictJson.read(body), genericType);
        return JsonSettings.JSONB.fromJson(shaped.toString(), genericType);
    }
}
