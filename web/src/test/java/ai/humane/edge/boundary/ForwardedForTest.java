package ai.humane.edge.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every line of {@code X-Forwarded-For}, in order, as JAX-RS joins them: a proxy that adds a line of its own after the
 * client's must be read from the right of the whole list, not have the client's line taken for all of it (broken once,
 * with {@code getHeader}: the client's line alone).
 */
class ForwardedForTest {

    @Test
    void everyLineIsReadInOrder() {
        assertEquals("203.0.113.9,10.0.0.7", ForwardedFor.of(request(List.of("203.0.113.9", "10.0.0.7"))));
        assertEquals("198.51.100.1, 10.0.0.7", ForwardedFor.of(request(List.of("198.51.100.1, 10.0.0.7"))));
    }

    @Test
    void noLineIsNone() {
        assertNull(ForwardedFor.of(request(List.of())));
        assertNull(ForwardedFor.of(request(null)));
    }

    private static HttpServletRequest request(List<String> lines) {
        return (HttpServletRequest) Proxy.newProxyInstance(ForwardedForTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, arguments) -> {
                    if (method.getName().equals("getHeaders") && "X-Forwarded-For".equals(arguments[0])) {
                        return lines == null ? null : Collections.enumeration(lines);
                    }
                    if (method.getName().equals("getHeader") && "X-Forwarded-For".equals(arguments[0])) {
                        return lines == null || lines.isEmpty() ? null : lines.get(0);
                    }
                    return null;
                });
    }
}
