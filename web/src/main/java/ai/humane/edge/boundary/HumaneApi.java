package ai.humane.edge.boundary;

import jakarta.annotation.security.DeclareRoles;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;

/**
 * The REST application at the site root, so that every path, known or not, is answered by this
 * application as {@code application/problem+json}. API resources live under {@code /api/v1}.
 * Its OpenAPI description is the hand-written contract in {@code META-INF/openapi.yaml}, not
 * annotations (docs/api.md); the order of its filters is {@link FilterOrder}.
 */
@ApplicationPath("/")
@DeclareRoles({"owner", "admin", "member", "viewer"})
public class HumaneApi extends Application {

    /** Base path of every API resource. */
    public static final String V1 = "api/v1/";

    @Override
    public Map<String, Object> getProperties() {
        // Jersey's own @RolesAllowed support, shipped with Payara: a well-kept filter we need not write.
        // No WADL: /application.wadl would publish every route and name the Jersey version.
        return Map.of("jersey.config.server.provider.classnames",
                        "org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature",
                "jersey.config.server.wadl.disableWadl", true);
    }
}
