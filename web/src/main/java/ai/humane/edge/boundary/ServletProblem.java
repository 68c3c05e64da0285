package ai.humane.edge.boundary;

import ai.humane.problems.boundary.ProblemResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * An {@code application/problem+json} answer written by a servlet filter, for refusals in front of
 * Payara's own endpoints, where no JAX-RS exception mapper runs. Same body and headers as every other
 * problem of the API.
 */
public final class ServletProblem {

    private ServletProblem() {
    }

    public static void send(HttpServletResponse response, int status, String slug, String title, String detail)
            throws IOException {
        byte[] body = ProblemResponse.body(status, slug, title, detail).getBytes(StandardCharsets.UTF_8);
        BaselineHeaders.apply(response);
        response.setStatus(status);
        response.setContentType(ProblemResponse.PROBLEM_JSON.toString());
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
