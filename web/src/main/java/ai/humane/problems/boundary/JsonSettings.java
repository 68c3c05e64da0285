package ai.humane.problems.boundary;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

/**
 * The API's JSON: snake_case fields, and unknown fields refused rather than ignored, so a client's
 * typo (or an attempt to set {@code tenant_id}) fails loudly instead of silently doing less. Request bodies
 * reach JSON-B only through the strict reader ({@code edge.boundary.JsonBodies}), which has already refused
 * what JSON-B would coerce (a string for a number, 1.5 for an integer).
 */
@Provider
public class JsonSettings implements ContextResolver<Jsonb> {

    public static final Jsonb JSONB = JsonbBuilder.create(new JsonbConfig()
            .withPropertyNamingStrategy(SnakeCase.STRATEGY)
            .withNullValues(true)
            .setProperty("jsonb.fail-on-unknown-properties", true));

    @Override
    public Jsonb getContext(Class<?> type) {
        return JSONB;
    }
}
