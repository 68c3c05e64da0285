package ai.humane.authentication.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.humane.problems.control.Problem;
import ai.humane.saml.control.SamlRefused;
import ai.humane.sso.control.SsoRefused;
import org.junit.jupiter.api.Test;

/** The sign-in page's address after a refused SSO callback carries a listed slug and nothing else. */
class RefusedSignInPageTest {

    @Test
    void aListedSlugIsCarriedAndNeverTheDetail() {
        assertEquals("/sign-in?sso_error=sso-no-account", RefusedSignInPage.location(SsoRefused.noAccount()));
        assertEquals("/sign-in?sso_error=saml-response-refused",
                RefusedSignInPage.location(new SamlRefused("Issuer <script>alert(1)</script> is not trusted")));
    }

    @Test
    void anyOtherSlugBecomesTheGenericOne() {
        Problem other = new Problem(403, "x\"><script>alert(1)</script>&next=https://evil.test", "Title", "detail") {
        };
        assertEquals("/sign-in?sso_error=sso-refused", RefusedSignInPage.location(other));
    }
}
