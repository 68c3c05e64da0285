package ai.humane.status.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.paging.control.Listing;
import ai.humane.status.boundary.JaxRsRoutes.Route;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the hand-written contract (META-INF/openapi.yaml) and the JAX-RS resources in step, without a
 * server: routes, request records, parameters and roles are read from the compiled classes and compared
 * with the document. Each failure lists every difference, so whoever changed an endpoint sees exactly
 * which part of the document to update.
 */
class OpenApiDriftTest {

    private static final List<String> CREDENTIALS = List.of("ApiKey", "AccessToken", "SessionCookie");
    /** Headers the edge filters read for every write, not the resource method. */
    private static final Set<String> EDGE_HEADERS = Set.of("Idempotency-Key");

    private final OpenAPI contract = contract();
    private final Map<String, Operation> operations = operations(contract);
    private final List<Route> routes = JaxRsRoutes.all();

    @Test
    void everyRouteOfTheCodeIsInTheDocumentAndNoOther() {
        Set<String> inCode = new TreeSet<>();
        List<String> differences = new ArrayList<>();
        for (Route route : routes) {
            inCode.add(route.key());
            if (!operations.containsKey(route.key())) {
                differences.add(route.name() + " is served but not in the document");
            }
        }
        operations.keySet().stream().filter(key -> !inCode.contains(key))
                .forEach(key -> differences.add(key + " is in the document but no resource method serves it"));
        assertNoDifferences(differences);
    }

    @Test
    void requestBodiesMatchTheirRecords() {
        List<String> differences = new ArrayList<>();
        for (Route route : known()) {
            Operation operation = operations.get(route.key());
            var body = route.body();
            if (body.isEmpty() != (operation.getRequestBody() == null)) {
                differences.add(route.name() + ": the code " + (body.isEmpty() ? "reads no body" : "reads a body")
                        + " but the document " + (operation.getRequestBody() == null ? "describes none" : "describes one"));
                continue;
            }
            if (body.isEmpty()) {
                continue;
            }
            Class<?> type = body.get().getType();
            MediaType json = operation.getRequestBody().getContent().get("application/json");
            if (json == null) {
                differences.add(route.name() + ": the code reads JSON, the document describes no application/json body");
            } else if (type.isRecord()) {
                boolean required = body.get().isAnnotationPresent(NotNull.class);
                if (required != Boolean.TRUE.equals(operation.getRequestBody().getRequired())) {
                    differences.add(route.name() + ": the body is " + (required ? "" : "not ") + "required in the code");
                }
                RecordContract.differences(type, json.getSchema()).forEach(d -> differences.add(route.name() + ": " + d));
            }
        }
        assertNoDifferences(differences);
    }

    /**
     * Every body record of the boundary has the schema of its name, with its fields (snake_case) all
     * required: answers write null values rather than leave a field out.
     */
    @Test
    void answerRecordsMatchTheSchemasOfTheirName() {
        List<String> differences = new ArrayList<>();
        Set<String> requests = new TreeSet<>();
        known().forEach(route -> route.body().ifPresent(body -> requests.add(body.getType().getSimpleName())));
        for (Class<?> record : JaxRsRoutes.bodies()) {
            var schema = contract.getComponents().getSchemas().get(record.getSimpleName());
            if (schema == null) {
                differences.add(record.getName() + " has no schema of its name in components/schemas");
            } else if (!requests.contains(record.getSimpleName())) {
                RecordContract.answerDifferences(record, schema).forEach(d -> differences.add(record.getSimpleName() + ": " + d));
            }
        }
        assertNoDifferences(differences);
    }

    @Test
    void parametersAreTypedAsTheCodeReadsThem() {
        List<String> differences = new ArrayList<>();
        for (Route route : known()) {
            Map<String, Parameter> documented = new LinkedHashMap<>();
            List<Parameter> parameters = operations.get(route.key()).getParameters();
            (parameters == null ? List.<Parameter>of() : parameters).forEach(p -> documented.put(p.getIn() + " " + p.getName(), p));
            for (Read p : reads(route.java())) {
                String key = key(p.element());
                if (key == null || key.startsWith("path ")) {
                    continue;
                }
                Parameter parameter = documented.remove(key);
                if (parameter == null) {
                    differences.add(route.name() + ": " + key + " is read by the code but not in the document");
                } else if (p.type() == UUID.class && !"uuid".equals(parameter.getSchema().getFormat())) {
                    differences.add(route.name() + ": " + key + " is a UUID, so its format is uuid");
                }
            }
            documented.keySet().removeIf(key -> key.startsWith("path ") || EDGE_HEADERS.contains(key.substring(key.indexOf(' ') + 1)));
            documented.keySet().forEach(key -> differences.add(route.name() + ": " + key + " is in the document but the code reads no such parameter"));
            pathParameters(route, differences);
        }
        assertNoDifferences(differences);
    }

    @Test
    void rolesAndCredentialsMatchTheCode() {
        List<String> differences = new ArrayList<>();
        for (Route route : known()) {
            Operation operation = operations.get(route.key());
            List<SecurityRequirement> security = operation.getSecurity() == null ? List.of() : operation.getSecurity();
            Object roles = operation.getExtensions() == null ? null : operation.getExtensions().get("x-roles");
            if (route.roles().isEmpty()) {
                if (!security.isEmpty() || roles != null) {
                    differences.add(route.name() + " is open to anyone (@PermitAll or no @RolesAllowed): the document "
                            + "must say security: [] and no x-roles, it says security " + security + ", x-roles " + roles);
                }
                continue;
            }
            Set<String> documentedRoles = roles instanceof List<?> list ? new TreeSet<>(list.stream().map(String::valueOf).toList()) : Set.of();
            if (!route.roles().equals(documentedRoles)) {
                differences.add(route.name() + ": @RolesAllowed " + route.roles() + " but x-roles " + documentedRoles);
            }
            List<SecurityRequirement> expected = credentials(route.writes());
            if (!expected.equals(security)) {
                differences.add(route.name() + ": needs a credential, so its security is " + expected + ", not " + security);
            }
            boolean idempotent = operation.getParameters() != null && operation.getParameters().stream()
                    .anyMatch(p -> "header".equals(p.getIn()) && "Idempotency-Key".equals(p.getName()));
            if (route.writes() != idempotent) {
                differences.add(route.name() + ": Idempotency-Key belongs on authenticated writes and nowhere else");
            }
        }
        assertNoDifferences(differences);
    }

    /**
     * Every write documents 403: a credential of the read scope alone is refused before the route's own checks
     * (ReadScopeFilter, K1), open routes included (a read key on {@code /auth/mfa} answered a 403 the document did not
     * list until 2026-12-07).
     */
    @Test
    void everyWriteDocumentsTheReadScopesRefusal() {
        List<String> differences = new ArrayList<>();
        for (Route route : known()) {
            if (Set.of("POST", "PUT", "PATCH", "DELETE").contains(route.method())) {
                Operation operation = operations.get(route.key());
                if (operation.getResponses() == null || !operation.getResponses().containsKey("403")) {
                    differences.add(route.name() + " writes, so a read-scope credential gets 403: list it");
                }
            }
        }
        assertNoDifferences(differences);
    }

    @Test
    void pagesAreAsLargeAsListingAllows() {
        Parameter limit = contract.getComponents().getParameters().get("Limit");
        assertEquals("integer", limit.getSchema().getType());
        assertEquals(1, limit.getSchema().getMinimum().intValue());
        assertEquals(Listing.MAX_LIMIT, limit.getSchema().getMaximum().intValue(), "Listing.MAX_LIMIT");
        assertEquals(Listing.limit(null), limit.getSchema().getDefault(), "Listing's default page size");
    }

    /** Each protected operation takes any of the three credentials; cookie writes add the CSRF header. */
    private static List<SecurityRequirement> credentials(boolean writes) {
        List<SecurityRequirement> any = new ArrayList<>();
        for (String credential : CREDENTIALS) {
            SecurityRequirement requirement = new SecurityRequirement().addList(credential);
            if (writes && "SessionCookie".equals(credential)) {
                requirement.addList("CsrfToken");
            }
            any.add(requirement);
        }
        return any;
    }

    private void pathParameters(Route route, List<String> differences) {
        List<Parameter> parameters = operations.get(route.key()).getParameters();
        // Path parameters are UUIDs, but for a few named keys the code reads as text (an OIDC provider: google
        // or a connection id); those must be documented as strings with a pattern.
        long inPath = route.path().chars().filter(c -> c == '{').count();
        long text = Arrays.stream(route.java().getParameters())
                .filter(p -> p.isAnnotationPresent(PathParam.class) && p.getType() == String.class).count();
        long documented = parameters == null ? 0 : parameters.stream().filter(p -> "path".equals(p.getIn()))
                .filter(p -> "uuid".equals(p.getSchema().getFormat())).count();
        long documentedText = parameters == null ? 0 : parameters.stream().filter(p -> "path".equals(p.getIn()))
                .filter(p -> "string".equals(p.getSchema().getType()) && p.getSchema().getFormat() == null
                        && p.getSchema().getPattern() != null).count();
        if (inPath - text != documented || text != documentedText) {
            differences.add(route.name() + ": " + (inPath - text) + " path parameters (UUIDs) and " + text
                    + " text keys in the code, " + documented + " documented with format uuid and " + documentedText
                    + " as strings with a pattern");
        }
    }

    /** A parameter the method reads, or a field of a {@code @BeanParam}'s class, with its type. */
    private record Read(AnnotatedElement element, Class<?> type) {
    }

    private static List<Read> reads(Method method) {
        return Arrays.stream(method.getParameters()).flatMap(p -> p.isAnnotationPresent(BeanParam.class)
                ? Arrays.stream(p.getType().getDeclaredFields()).map(f -> new Read(f, f.getType()))
                : Stream.of(new Read(p, p.getType()))).toList();
    }

    private static String key(AnnotatedElement p) {
        if (p.isAnnotationPresent(QueryParam.class)) {
            return "query " + p.getAnnotation(QueryParam.class).value();
        }
        if (p.isAnnotationPresent(HeaderParam.class)) {
            return "header " + p.getAnnotation(HeaderParam.class).value();
        }
        return p.isAnnotationPresent(PathParam.class) ? "path " + p.getAnnotation(PathParam.class).value() : null;
    }

    /** Routes the other tests can compare: those missing from the document are reported by the first test. */
    private List<Route> known() {
        return routes.stream().filter(route -> operations.containsKey(route.key())).toList();
    }

    private static void assertNoDifferences(List<String> differences) {
        assertTrue(differences.isEmpty(), differences.size() + (differences.size() == 1 ? " difference" : " differences")
                + " between the code and "
                + ContractDocument.FILE + " (update the document, or the code):\n  " + String.join("\n  ", differences));
    }

    private static OpenAPI contract() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setResolveFully(true);
        var parsed = new OpenAPIV3Parser().readLocation(ContractDocument.FILE.toUri().toString(), null, options);
        assertTrue(parsed.getMessages() == null || parsed.getMessages().isEmpty(), String.valueOf(parsed.getMessages()));
        return parsed.getOpenAPI();
    }

    private static Map<String, Operation> operations(OpenAPI contract) {
        Map<String, Operation> all = new LinkedHashMap<>();
        contract.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) ->
                all.put(method.name() + " " + path.replaceAll("\\{[^}]*}", "{}"), operation)));
        return all;
    }
}
