package ai.humane.authentication.boundary;

import ai.humane.audit.boundary.AccessDenials;
import ai.humane.edge.boundary.FilterOrder;
import ai.humane.tenancy.control.TenantCaller;
import jakarta.annotation.Priority;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * L1, T2: sees, just before Jersey's {@code @RolesAllowed} filter answers 403, that an authenticated caller lacks
 * the role a route needs, and has it audited ({@link AccessDenials}: at most once a minute per caller and route).
 * It reads the annotations the way Jersey does (method first, then class; {@code @PermitAll} and
 * {@code @DenyAll} decide nothing to audit) and refuses nothing itself: the answer stays Jersey's.
 */
@Dependent
@Provider
@Priority(FilterOrder.ROLE_DENIALS)
public class RoleDenials implements ContainerRequestFilter {

    private static final Logger LOG = Logger.getLogger(RoleDenials.class.getName());

    @Context
    ResourceInfo resource;

    @Inject
    SecurityContext security;

    @Inject
    AccessDenials denials;

    @Override
    public void filter(ContainerRequestContext request) {
        Method method = resource.getResourceMethod();
        jakarta.ws.rs.core.SecurityContext roles = request.getSecurityContext();
        if (method == null || roles.getUserPrincipal() == null) {
            return;
        }
        Optional<String[]> required = required(method, resource.getResourceClass());
        if (required.isEmpty() || Arrays.stream(required.get()).anyMatch(roles::isUserInRole)) {
            return;
        }
        AuthenticatedCaller.of(request, security).ifPresent(caller -> audit(caller,
                request.getMethod(), route(resource.getResourceClass(), method), String.join("|", required.get())));
    }

    /** A failure to audit must not turn the 403 into a 500: the refusal stands, the failure is logged. */
    private void audit(TenantCaller caller, String httpMethod, String route, String requiredRole) {
        try {
            denials.record(caller, httpMethod, route, requiredRole);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "access.denied could not be audited for " + httpMethod + " " + route, e);
        }
    }

    /**
     * The roles the route asks for: the method decides when it carries any of the three annotations, else the
     * class; empty when neither asks for a role (or everyone is permitted or denied).
     */
    private static Optional<String[]> required(Method method, Class<?> type) {
        AnnotatedElement decides = decides(method) ? method : type;
        return Optional.ofNullable(decides.getAnnotation(RolesAllowed.class)).map(RolesAllowed::value);
    }

    private static boolean decides(AnnotatedElement element) {
        return element.isAnnotationPresent(RolesAllowed.class) || element.isAnnotationPresent(PermitAll.class)
                || element.isAnnotationPresent(DenyAll.class);
    }

    /** The route template, never the raw path (it carries ids). */
    static String route(Class<?> type, Method method) {
        String base = type.isAnnotationPresent(Path.class) ? type.getAnnotation(Path.class).value() : "";
        String sub = method.isAnnotationPresent(Path.class) ? "/" + method.getAnnotation(Path.class).value() : "";
        return (base + sub).replace("//", "/");
    }
}
