package ai.humane.edge.boundary;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The REST runtime parses {@code Content-Type} before any of its filters run and answers a malformed one
 * with the server's HTML error page. This servlet filter runs first: it hides a malformed (or repeated)
 * {@code Content-Type} from the runtime and marks the request, so that {@link MediaTypes} answers it as a
 * problem, through the same filters (headers, access log) as every other answer.
 */
@WebFilter(filterName = "ContentTypeScreen", urlPatterns = "/*", asyncSupported = true)
public class ContentTypeScreen extends HttpFilter {

    private static final long serialVersionUID = 1L;
    private static final String HEADER = "Content-Type";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        List<String> types = Collections.list(request.getHeaders(HEADER));
        if (types.isEmpty() || types.size() == 1 && MediaTypes.wellFormed(types.get(0))) {
            chain.doFilter(request, response);
            return;
        }
        request.setAttribute(MediaTypes.MALFORMED_CONTENT_TYPE, Boolean.TRUE);
        chain.doFilter(new WithoutContentType(request), response);
    }

    /** The request as the runtime should see it: with no Content-Type at all. */
    private static final class WithoutContentType extends HttpServletRequestWrapper {

        WithoutContentType(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getHeader(String name) {
            return HEADER.equalsIgnoreCase(name) ? null : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return HEADER.equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            return Collections.enumeration(Collections.list(super.getHeaderNames()).stream()
                    .filter(name -> !HEADER.equalsIgnoreCase(name)).toList());
        }

        @Override
        public String getContentType() {
            return null;
        }
    }
}
