package ai.humane.edge.boundary;

import ai.humane.problems.boundary.MethodNotAllowed;
import jakarta.annotation.Priority;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.util.Set;
import java.util.stream.Collectors;
import org.glassfish.jersey.server.ExtendedUriInfo;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;

/**
 * {@code OPTIONS} is refused with 405 and the methods the path does accept. Jersey would otherwise answer
 * it itself, with a WADL description of the resource (or a bare list): a map of the API nobody asked to
 * publish. The API has no CORS policy (no browser origin but its own calls it, see api.md), so there is no
 * preflight to answer either. Runs after matching, so an unknown path stays a 404.
 */
@Provider
@Priority(FilterOrder.OPTIONS_REFUSAL)
public class OptionsRefusal implements ContainerRequestFilter {

    @Context
    ExtendedUriInfo matched;

    @Override
    public void filter(ContainerRequestContext request) {
        if (!HttpMethod.OPTIONS.equals(request.getMethod())) {
            return;
        }
        Resource resource = matched.getMatchedModelResource();
        Set<String> methods = resource == null ? Set.of()
                : resource.getResourceMethods().stream().map(ResourceMethod::getHttpMethod).collect(Collectors.toSet());
        request.abortWith(MethodNotAllowed.answer(methods).build());
    }

}
