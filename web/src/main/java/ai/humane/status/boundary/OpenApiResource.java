package ai.humane.status.boundary;

import ai.humane.json.control.JsonP;
import jakarta.annotation.security.PermitAll;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The API contract, {@code META-INF/openapi.yaml}, served byte for byte as it is written (YAML), or as the
 * same document in JSON when asked with {@code Accept: application/json} or {@code ?format=JSON}, as
 * MicroProfile OpenAPI answers. Payara's own MicroProfile OpenAPI endpoint is switched off
 * (pre-boot-commands.asadmin): reading a static file it dropped {@code security: []}, the {@code x-roles}
 * extensions and null examples, and added a non-standard {@code endpoints} member that openapi-generator
 * refuses (docs/api.md, "The machine-readable form").
 */
@Path("openapi")
@PermitAll
public class OpenApiResource {

    static final String CONTRACT = "META-INF/openapi.yaml";
    private static final MediaType YAML = new MediaType("application", "yaml", "UTF-8");

    @GET
    @Produces({"application/yaml", MediaType.APPLICATION_JSON})
    public Response contract(@QueryParam("format") String format, @Context HttpHeaders headers) {
        boolean asJson = format == null ? wantsJson(headers.getAcceptableMediaTypes())
                : "json".equals(format.toLowerCase(Locale.ROOT));
        return asJson ? Response.ok(Contract.JSON, MediaType.APPLICATION_JSON_TYPE.withCharset("UTF-8")).build()
                : Response.ok(Contract.YAML, YAML).build();
    }

    /** Read and converted once, on first use. */
    private static final class Contract {
        static final String YAML = read();
        static final String JSON = json(YAML);
    }

    /** YAML unless JSON is preferred to it, as MicroProfile OpenAPI decides. */
    private static boolean wantsJson(List<MediaType> acceptable) {
        for (MediaType type : acceptable) {
            if (type.isCompatible(MediaType.APPLICATION_JSON_TYPE) && !type.isWildcardType()) {
                return true;
            }
            if (type.getSubtype().contains("yaml") || type.isWildcardType()) {
                return false;
            }
        }
        return false;
    }

    private static String read() {
        try (InputStream in = OpenApiResource.class.getClassLoader().getResourceAsStream(CONTRACT)) {
            if (in == null) {
                throw new IllegalStateException(CONTRACT + " is missing from the web module");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same tree in JSON; SafeConstructor builds plain maps, lists and scalars only. */
    static String json(String yaml) {
        Object tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        return value(tree).toString();
    }

    private static JsonValue value(Object node) {
        if (node instanceof Map<?, ?> map) {
            JsonObjectBuilder object = JsonP.createObjectBuilder();
            map.forEach((key, child) -> object.add(String.valueOf(key), value(child)));
            return object.build();
        }
        if (node instanceof List<?> list) {
            JsonArrayBuilder array = JsonP.createArrayBuilder();
            list.forEach(child -> array.add(value(child)));
            return array.build();
        }
        if (node instanceof Boolean b) {
            return b ? JsonValue.TRUE : JsonValue.FALSE;
        }
        if (node instanceof Integer || node instanceof Long || node instanceof BigInteger) {
            return JsonP.createValue(new BigInteger(node.toString()));
        }
        if (node instanceof Double d) {
            return JsonP.createValue(new BigDecimal(d.toString()));
        }
        return node == null ? JsonValue.NULL : JsonP.createValue(String.valueOf(node));
    }
}
