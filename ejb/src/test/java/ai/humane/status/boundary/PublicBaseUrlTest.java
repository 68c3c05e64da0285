package ai.humane.status.boundary;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What production accepts as PUBLIC_BASE_URL: an https origin, nothing else (StartupRefusalIT boots with the default). */
class PublicBaseUrlTest {

    @Test
    void onlyAnHttpsOriginIsAPublicBaseUrl() {
        for (String origin : new String[] {"https://api.example.com", "https://[::1]:8443"}) {
            assertTrue(PublicBaseUrl.httpsOrigin(origin), origin);
        }
        for (String other : new String[] {"http://localhost:8080", "https://", "https://api.example.com/", "https://user@api.example.com",
                "https://api.example.com/api", "https://api.example.com?x=1", "https://api.example.com#top",
                "api.example.com", "", "https://exa mple.com"}) {
            assertFalse(PublicBaseUrl.httpsOrigin(other), other);
        }
    }
}
