package ai.humane.edge.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.MatrixParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * JsonBodies wins over the runtime's lenient JSON-B reader only for records (the closest declared type), so
 * every request body of every resource must be a record, or raw bytes read strictly by their receiver.
 */
class JsonBodiesTest {

    private static final Set<Class<? extends Annotation>> NOT_THE_BODY = Set.of(PathParam.class, QueryParam.class,
            HeaderParam.class, CookieParam.class, MatrixParam.class, FormParam.class, BeanParam.class, Context.class,
            Suspended.class);

    @Test
    void everyRequestBodyIsARecordOrRawBytes() throws IOException, ClassNotFoundException {
        List<String> bodies = new ArrayList<>();
        for (Class<?> resource : resources()) {
            for (Method method : resource.getDeclaredMethods()) {
                if (!isResourceMethod(method)) {
                    continue;
                }
                for (Parameter parameter : method.getParameters()) {
                    if (Stream.of(parameter.getAnnotations()).noneMatch(a -> NOT_THE_BODY.contains(a.annotationType()))) {
                        Class<?> type = parameter.getType();
                        bodies.add(method.getName());
                        assertTrue(type.isRecord() || type == byte[].class,
                                resource.getSimpleName() + "." + method.getName() + " takes " + type.getName());
                    }
                }
            }
        }
        assertTrue(bodies.size() > 20, "found only " + bodies);
    }

    /**
     * Every record body is JSON and nothing else: the method, or its resource, consumes {@code application/json} alone,
     * so a body of another type (text/plain, a form) is 415 before any reader runs, on every route at once, not only
     * on those a test posts text/plain to (ProblemsIT, MediaTypesIT).
     */
    @Test
    void everyRecordBodyIsConsumedAsJsonAlone() throws IOException, ClassNotFoundException {
        List<String> others = new ArrayList<>();
        int records = 0;
        for (Class<?> resource : resources()) {
            for (Method method : resource.getDeclaredMethods()) {
                if (!isResourceMethod(method) || Stream.of(method.getParameters()).noneMatch(p -> p.getType().isRecord()
                        && Stream.of(p.getAnnotations()).noneMatch(a -> NOT_THE_BODY.contains(a.annotationType())))) {
                    continue;
                }
                records++;
                Consumes consumes = method.isAnnotationPresent(Consumes.class) ? method.getAnnotation(Consumes.class)
                        : resource.getAnnotation(Consumes.class);
                if (consumes == null || !List.of(MediaType.APPLICATION_JSON).equals(List.of(consumes.value()))) {
                    others.add(resource.getSimpleName() + "." + method.getName() + " consumes "
                            + (consumes == null ? "anything" : List.of(consumes.value())));
                }
            }
        }
        assertTrue(records > 20, "found only " + records);
        assertEquals(List.of(), others);
    }

    @Test
    void theReaderIsDeclaredForRecords() {
        assertEquals("jakarta.ws.rs.ext.MessageBodyReader<java.lang.Record>",
                JsonBodies.class.getGenericInterfaces()[0].getTypeName());
    }

    private static boolean isResourceMethod(Method method) {
        return Stream.of(method.getAnnotations()).anyMatch(a -> a.annotationType().isAnnotationPresent(HttpMethod.class));
    }

    private static List<Class<?>> resources() throws IOException, ClassNotFoundException {
        java.nio.file.Path classes = java.nio.file.Path.of("target", "classes");
        List<Class<?>> resources = new ArrayList<>();
        try (Stream<java.nio.file.Path> files = Files.walk(classes)) {
            for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type = Class.forName(name, false, JsonBodiesTest.class.getClassLoader());
                if (type.isAnnotationPresent(Path.class)) {
                    resources.add(type);
                }
            }
        }
        return resources;
    }
}
