package ai.humane.status.boundary;

import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.MatrixParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Every resource method of the web module as a route (HTTP method and path), with its roles, read by
 * reflection from the compiled classes, so a new or moved endpoint is found without anyone listing it.
 * Public for the tests that must cover every route of a kind (RoleMatrixIT, EndUserDataReadsIT).
 */
public final class JaxRsRoutes {

    private static final java.nio.file.Path CLASSES = java.nio.file.Path.of("target", "classes");
    private static final Set<Class<? extends Annotation>> NOT_THE_BODY = Set.of(Context.class, PathParam.class,
            QueryParam.class, HeaderParam.class, CookieParam.class, FormParam.class, MatrixParam.class, BeanParam.class);

    private JaxRsRoutes() {
    }

    /** One resource method. {@code roles} is empty for an operation open to anyone. */
    public record Route(String method, String path, Method java, Set<String> roles) {

        /** Path templates compared by position only: {@code {endUserId}} and {@code {end_user_id}} are one route. */
        public String key() {
            return method + " " + path.replaceAll("\\{[^}]*}", "{}");
        }

        public String name() {
            return method + " " + path + " (" + java.getDeclaringClass().getSimpleName() + "." + java.getName() + ")";
        }

        boolean writes() {
            return Set.of("POST", "PUT", "PATCH", "DELETE").contains(method);
        }

        /** The parameter JAX-RS reads the body into, if any. */
        Optional<Parameter> body() {
            return Arrays.stream(java.getParameters())
                    .filter(p -> Arrays.stream(p.getAnnotations()).noneMatch(a -> NOT_THE_BODY.contains(a.annotationType())))
                    .findFirst();
        }
    }

    public static List<Route> all() {
        return classes().stream()
                .filter(type -> type.isAnnotationPresent(Path.class))
                .flatMap(type -> Arrays.stream(type.getDeclaredMethods()).flatMap(m -> route(type, m).stream()))
                .sorted(Comparator.comparing(Route::key))
                .toList();
    }

    /** The public records of the REST boundary: nested in a resource, or named {@code *View}. */
    static List<Class<?>> bodies() {
        return classes().stream()
                .filter(type -> type.isRecord() && java.lang.reflect.Modifier.isPublic(type.getModifiers()))
                .filter(type -> type.getSimpleName().endsWith("View")
                        || type.getEnclosingClass() != null && type.getEnclosingClass().isAnnotationPresent(Path.class))
                .filter(type -> type.getEnclosingClass() == null || !type.getEnclosingClass().isRecord())
                .toList();
    }

    private static List<Class<?>> classes() {
        try (Stream<java.nio.file.Path> files = java.nio.file.Files.walk(CLASSES)) {
            return files.map(CLASSES::relativize).map(Object::toString)
                    .filter(name -> name.endsWith(".class"))
                    .<Class<?>>map(name -> load(name.substring(0, name.length() - ".class".length()).replace('/', '.')))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<Route> route(Class<?> type, Method method) {
        return Arrays.stream(method.getAnnotations())
                .map(a -> a.annotationType().getAnnotation(HttpMethod.class))
                .filter(java.util.Objects::nonNull)
                .findFirst()
                .map(http -> new Route(http.value(), path(type, method), method, roles(type, method)));
    }

    private static String path(Class<?> type, Method method) {
        String path = "/" + type.getAnnotation(Path.class).value();
        if (method.isAnnotationPresent(Path.class)) {
            path += "/" + method.getAnnotation(Path.class).value();
        }
        return path.replaceAll("/+", "/").replaceAll("(.)/$", "$1");
    }

    /** Method annotations win over class annotations, as in Jersey's RolesAllowedDynamicFeature. */
    private static Set<String> roles(Class<?> type, Method method) {
        if (method.isAnnotationPresent(DenyAll.class)) {
            throw new IllegalStateException(method + ": @DenyAll has no place in the contract");
        }
        if (method.isAnnotationPresent(RolesAllowed.class)) {
            return new TreeSet<>(List.of(method.getAnnotation(RolesAllowed.class).value()));
        }
        if (method.isAnnotationPresent(PermitAll.class) || !type.isAnnotationPresent(RolesAllowed.class)) {
            return Set.of();
        }
        return new TreeSet<>(List.of(type.getAnnotation(RolesAllowed.class).value()));
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, JaxRsRoutes.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
