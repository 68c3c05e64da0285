package ai.humane.status.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.testing.Api;
import ai.humane.testing.HttpTest;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openapitools.codegen.validation.Invalid;
import org.openapitools.codegen.validation.ValidationResult;
import org.openapitools.codegen.validations.oas.OpenApiEvaluator;
import org.openapitools.codegen.validations.oas.RuleConfiguration;

/**
 * What API consumers get at {@code /openapi}: the hand-written contract exactly as written, in YAML and
 * in JSON, and a document that openapi-generator's own validation passes with no error and no
 * recommendation.
 */
class OpenApiContractIT extends HttpTest {

    private Api api;

    @BeforeEach
    void client() {
        api = new Api(deployment);
    }

    @Test
    void theServedDocumentIsTheContractByteForByte() throws IOException {
        Api.Answer yaml = api.get("openapi", null);
        assertEquals(200, yaml.status(), yaml.body());
        assertTrue(yaml.header("Content-Type").startsWith("application/yaml"), yaml.header("Content-Type"));
        List<String> differences = ContractDocument.differences(ContractDocument.tree(), ContractDocument.parse(yaml.body()));
        assertTrue(differences.isEmpty(), "/openapi serves the contract differently:\n" + String.join("\n", differences));
        assertEquals(Files.readString(ContractDocument.FILE), yaml.body());
    }

    @Test
    void theJsonFormIsTheSameDocument() {
        for (Api.Answer json : List.of(api.get("openapi?format=JSON", null),
                api.send(api.request("openapi", null).header("Accept", "application/json").GET()))) {
            assertEquals(200, json.status(), json.body());
            assertTrue(json.header("Content-Type").startsWith("application/json"), json.header("Content-Type"));
            List<String> differences = ContractDocument.differences(ContractDocument.tree(), ContractDocument.parse(json.body()));
            assertTrue(differences.isEmpty(), "/openapi serves the contract differently:\n" + String.join("\n", differences));
        }
    }

    @Test
    void theDocumentIsAnsweredLikeEveryOtherAnswer() {
        Api.Answer yaml = api.get("openapi", null);
        assertTrue(yaml.header("RateLimit-Policy") != null, "the edge chain covers /openapi");
        assertEquals("nosniff", yaml.header("X-Content-Type-Options"));
    }

    /** The checks of `openapi-generator validate --recommend` (its Validate command), on what is served. */
    @Test
    void openApiGeneratorValidatesTheServedDocumentWithoutErrorsOrRecommendations() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult parsed = new OpenAPIParser().readContents(api.get("openapi", null).body(), null, options);
        List<String> problems = new ArrayList<>(parsed.getMessages());
        RuleConfiguration rules = new RuleConfiguration();
        rules.setEnableRecommendations(true);
        ValidationResult result = new OpenApiEvaluator(rules).validate(parsed.getOpenAPI());
        result.getErrors().forEach(invalid -> problems.add("error: " + describe(invalid)));
        result.getWarnings().forEach(invalid -> problems.add("recommendation: " + describe(invalid)));
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    private static String describe(Invalid invalid) {
        return invalid.getMessage() + " (" + invalid.getDetails() + ")";
    }
}
