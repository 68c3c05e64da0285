package ai.humane.authentication.boundary;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Hands the REST runtime the form an SSO callback's mechanism already read. The SAML ACS is a form post whose
 * {@code SAMLResponse} the authentication mechanism reads as the request's parameters, in front of JAX-RS (S6), which
 * consumes the body; Jersey, finding a form post without a body, logged a WARNING for every such sign-in ("…the
 * request body has been consumed by the servlet or a servlet filter…"), one an operator could only learn to ignore.
 * A request whose form was read this way ({@link #markRead}) goes on with that form as its body again, encoded
 * from the parameters the container parsed: Jersey reads the very fields the mechanism checked.
 */
@WebFilter(filterName = "ReadFormReplay", urlPatterns = "/*", asyncSupported = true)
public class ReadFormReplay extends HttpFilter {

    private static final long serialVersionUID = 1L;
    private static final String READ = ReadFormReplay.class.getName() + ".read";
    private static final String FORM = "application/x-www-form-urlencoded";

    /**
     * Marks {@code request}'s form as read through its parameters, before the REST runtime. A body of another type
     * was not read as parameters, and is left as it came.
     */
    public static void markRead(ServletRequest request) {
        String type = request.getContentType();
        if (type != null && type.toLowerCase(Locale.ROOT).startsWith(FORM)) {
            request.setAttribute(READ, Boolean.TRUE);
        }
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        chain.doFilter(request.getAttribute(READ) == null ? request : new WithForm(request), response);
    }

    /** The request with its parameters as an {@code application/x-www-form-urlencoded} body. */
    private static final class WithForm extends HttpServletRequestWrapper {

        private final byte[] body;

        WithForm(HttpServletRequest request) {
            super(request);
            this.body = encoded(request.getParameterMap()).getBytes(StandardCharsets.UTF_8);
        }

        private static String encoded(Map<String, String[]> parameters) {
            StringJoiner form = new StringJoiner("&");
            parameters.forEach((name, values) -> {
                for (String value : values) {
                    form.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                            + URLEncoder.encode(value, StandardCharsets.UTF_8));
                }
            });
            return form.toString();
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public String getCharacterEncoding() {
            return StandardCharsets.UTF_8.name();
        }

        @Override
        public ServletInputStream getInputStream() {
            return new Replayed(body);
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }
    }

    /** A body held in memory: always ready, finished once read. */
    private static final class Replayed extends ServletInputStream {

        private final ByteArrayInputStream bytes;

        Replayed(byte[] body) {
            this.bytes = new ByteArrayInputStream(body);
        }

        @Override
        public int read() {
            return bytes.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            return bytes.read(buffer, offset, length);
        }

        @Override
        public boolean isFinished() {
            return bytes.available() == 0;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
            try {
                if (!isFinished()) {
                    listener.onDataAvailable();
                }
                listener.onAllDataRead();
            } catch (IOException e) {
                listener.onError(e);
            }
        }
    }
}
