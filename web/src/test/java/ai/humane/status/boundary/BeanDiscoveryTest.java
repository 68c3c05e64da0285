package ai.humane.status.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.tenancy.control.TenantScope;
import jakarta.enterprise.context.NormalScope;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Stereotype;
import jakarta.inject.Inject;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * Both bean archives are {@code bean-discovery-mode="annotated"} (docs/decisions.md): only a class with a
 * bean-defining annotation is a bean. A class that needs the container and has none would not fail the
 * deployment if nothing injects it: its {@code @Inject} fields would stay empty in a filter Jersey creates
 * itself, its observer would never be called, a boot check of {@code Instance<BootCheck>} would silently not
 * run. Every class of ours that injects, observes, or implements what an {@code Instance<>} iterates carries one.
 */
class BeanDiscoveryTest {

    /** The bean-defining annotations that are neither a normal scope nor a stereotype. */
    private static final Set<String> BEAN_DEFINING = Set.of("jakarta.ejb.Stateless", "jakarta.ejb.Singleton",
            "jakarta.ejb.Stateful", "jakarta.interceptor.Interceptor", "jakarta.decorator.Decorator",
            "jakarta.enterprise.context.Dependent");
    /**
     * Servlet components: the web container makes them and injects their fields whatever the bean discovery mode
     * (Jakarta EE Platform, "Java EE Component Classes supporting injection"); {@code ConsolePagesIT} and
     * {@code AccessLogIT} use {@code ConsolePages}' injected client addresses.
     */
    private static final Set<String> CONTAINER_MADE = Set.of("jakarta.servlet.annotation.WebFilter",
            "jakarta.servlet.annotation.WebServlet", "jakarta.servlet.annotation.WebListener");

    @Test
    void everyClassThatNeedsTheContainerIsABean() throws Exception {
        List<Class<?>> classes = new ArrayList<>(ours(BeanDiscoveryTest.class.getClassLoader()));
        Set<Class<?>> iterated = new HashSet<>();
        for (Class<?> type : classes) {
            for (Field field : declaredFields(type)) {
                if (field.isAnnotationPresent(Inject.class) && field.getType() == Instance.class
                        && field.getGenericType() instanceof ParameterizedType parameterized
                        && parameterized.getActualTypeArguments()[0] instanceof Class<?> element) {
                    iterated.add(element);
                }
            }
        }
        assertTrue(iterated.size() >= 4, "the Instance<> injection points were not found: " + iterated);

        Set<String> missing = new TreeSet<>();
        int checked = 0;
        for (Class<?> type : classes) {
            if (type.isInterface() || type.isAnnotation() || Modifier.isAbstract(type.getModifiers())) {
                continue;
            }
            boolean needsTheContainer = injects(type) || observes(type)
                    || iterated.stream().anyMatch(element -> element != type && element.isAssignableFrom(type));
            if (needsTheContainer) {
                checked++;
                if (!beanDefining(type)) {
                    missing.add(type.getName());
                }
            }
        }
        assertTrue(checked > 100, "only " + checked + " classes checked: the scan missed our classes");
        assertEquals(Set.of(), missing, "classes that need the container but have no bean-defining annotation");
    }

    private static boolean beanDefining(Class<?> type) {
        for (Annotation annotation : type.getAnnotations()) {
            Class<? extends Annotation> kind = annotation.annotationType();
            if (BEAN_DEFINING.contains(kind.getName()) || CONTAINER_MADE.contains(kind.getName())
                    || kind.isAnnotationPresent(NormalScope.class)
                    || kind.isAnnotationPresent(Stereotype.class)) {
                return true;
            }
        }
        return false;
    }

    private static boolean injects(Class<?> type) {
        List<Executable> executables = new ArrayList<>(List.of(type.getDeclaredConstructors()));
        executables.addAll(List.of(type.getDeclaredMethods()));
        return declaredFields(type).stream().anyMatch(field -> field.isAnnotationPresent(Inject.class))
                || executables.stream().anyMatch(executable -> executable.isAnnotationPresent(Inject.class));
    }

    private static boolean observes(Class<?> type) {
        for (Method method : type.getDeclaredMethods()) {
            for (Parameter parameter : method.getParameters()) {
                if (parameter.isAnnotationPresent(Observes.class)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Fields of the class and its superclasses of ours: an inherited injection point needs a bean too. */
    private static List<Field> declaredFields(Class<?> type) {
        List<Field> fields = new ArrayList<>();
        for (Class<?> c = type; c != null && c.getName().startsWith("ai.humane."); c = c.getSuperclass()) {
            fields.addAll(List.of(c.getDeclaredFields()));
        }
        return fields;
    }

    /** Every class of the web module's classes and of humane-ejb (a folder or a jar on the test class path). */
    private static List<Class<?>> ours(ClassLoader loader) throws IOException, URISyntaxException, ClassNotFoundException {
        List<String> names = new ArrayList<>();
        for (Class<?> anchor : List.of(Started.class, TenantScope.class)) {
            Path location = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(location)) {
                try (Stream<Path> files = Files.walk(location)) {
                    files.map(location::relativize).map(Path::toString).forEach(names::add);
                }
            } else {
                try (ZipFile jar = new ZipFile(location.toFile())) {
                    jar.stream().map(entry -> entry.getName()).forEach(names::add);
                }
            }
        }
        List<Class<?>> classes = new ArrayList<>();
        for (String name : names) {
            if (name.startsWith("ai/humane/") && name.endsWith(".class") && !name.contains("$")) {
                classes.add(Class.forName(name.substring(0, name.length() - ".class".length()).replace('/', '.'),
                        false, loader));
            }
        }
        return classes;
    }
}
