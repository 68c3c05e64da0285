package ai.humane.authentication.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.tenancy.control.TenantCaller;
import ai.humane.tenancy.entity.Role;
import ai.humane.tenancy.entity.Scope;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.SecurityContext;
import jakarta.security.enterprise.authentication.mechanism.http.AuthenticationParameters;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.security.Principal;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.glassfish.jersey.internal.MapPropertiesDelegate;
import org.glassfish.jersey.server.ContainerRequest;
import org.junit.jupiter.api.Test;

/** The caller is asked of the security context once per request, and every filter after gets the same answer. */
class AuthenticatedCallerTest {

    private static final TenantCaller CALLER = new TenantCaller(UUID.randomUUID(), UUID.randomUUID(),
            TenantCaller.Kind.API_KEY, Role.OWNER, Scope.WRITE);

    @Test
    void aRequestAsksTheSecurityContextOnce() {
        Asked security = new Asked(Optional.of(CALLER));
        ContainerRequest request = request();

        assertSame(CALLER, AuthenticatedCaller.of(request, security).orElseThrow());
        assertSame(CALLER, AuthenticatedCaller.of(request, security).orElseThrow());
        assertSame(CALLER, AuthenticatedCaller.of(request, security).orElseThrow());
        assertEquals(1, security.asked);
    }

    @Test
    void noCallerIsAnAnswerToo() {
        Asked security = new Asked(Optional.empty());
        ContainerRequest request = request();

        assertTrue(AuthenticatedCaller.of(request, security).isEmpty());
        assertTrue(AuthenticatedCaller.of(request, security).isEmpty());
        assertEquals(1, security.asked);
    }

    @Test
    void eachRequestHasItsOwnCaller() {
        Asked signedIn = new Asked(Optional.of(CALLER));
        Asked anonymous = new Asked(Optional.empty());

        assertTrue(AuthenticatedCaller.of(request(), signedIn).isPresent());
        assertTrue(AuthenticatedCaller.of(request(), anonymous).isEmpty(), "one request's caller never answers another's");
    }

    private static ContainerRequest request() {
        return new ContainerRequest(URI.create("http://127.0.0.1/"), URI.create("http://127.0.0.1/api/v1/engines"),
                "GET", null, new MapPropertiesDelegate(), null);
    }

    /** A security context that knows one caller, or none, and counts how often it is asked. */
    private static final class Asked implements SecurityContext {

        private final Optional<TenantCaller> caller;
        int asked;

        Asked(Optional<TenantCaller> caller) {
            this.caller = caller;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T extends Principal> Set<T> getPrincipalsByType(Class<T> type) {
            asked++;
            return caller.filter(type::isInstance).map(c -> Set.of((T) c)).orElse(Set.of());
        }

        @Override
        public Principal getCallerPrincipal() {
            return caller.orElse(null);
        }

        @Override
        public boolean isCallerInRole(String role) {
            return false;
        }

        @Override
        public boolean hasAccessToWebResource(String resource, String... methods) {
            return false;
        }

        @Override
        public AuthenticationStatus authenticate(HttpServletRequest request, HttpServletResponse response,
                                                 AuthenticationParameters parameters) {
            throw new UnsupportedOperationException();
        }
    }
}
