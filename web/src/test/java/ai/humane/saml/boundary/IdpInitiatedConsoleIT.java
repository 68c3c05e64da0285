package ai.humane.saml.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import ai.humane.testing.Api;
import ai.humane.testing.Chromium;
import ai.humane.testing.HttpTest;
import ai.humane.testing.Keycloak;
import ai.humane.testing.People;
import ai.humane.testing.Rows;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * S6 in the real headless Chromium: a person starts at Keycloak's own IdP-initiated link (an app tile), signs in there,
 * and Keycloak's page posts the response to our ACS. The console then asks, on our own origin, whether to sign in to
 * this organisation as this address, with no session until the click; the click signs the person in. The fragment
 * that carried the confirmation is gone from the address bar; Continue is not clickable within a second of the window
 * coming to the front; a CSP violation or console error fails the test.
 */
class IdpInitiatedConsoleIT extends HttpTest {

    @Test
    void anIdpInitiatedSignInIsConfirmedInTheConsoleBeforeASessionOpens() {
        SamlSignInIT.Setup setup = SamlSignInIT.setup(new Api(deployment), "TileOrg", true);
        String email = setup.email();
        UUID user = setup.user();
        String organization = Rows.single("SELECT name FROM tenants WHERE id = ?", setup.tenant());
        People.forgetLoopback();
        try (Chromium chromium = new Chromium(deployment)) {
            chromium.driver().get(KeycloakSaml.idpInitiated(setup.idpInitiatedName()).toString());
            chromium.wait(60).until(d -> !d.findElements(By.id("kc-login")).isEmpty());
            chromium.driver().findElement(By.id("username")).sendKeys(email);
            chromium.driver().findElement(By.id("password")).sendKeys(Keycloak.PASSWORD);
            chromium.driver().findElement(By.id("kc-login")).click();
            chromium.waitForText("Confirm where your identity provider signs you in.");
            chromium.waitForText(email);
            chromium.waitForText(organization);
            assertFalse(chromium.driver().getCurrentUrl().contains("#"), chromium.driver().getCurrentUrl());
            assertNull(chromium.driver().manage().getCookieNamed("humane_session"), "a session before the click");
            assertEquals("0", Rows.single("SELECT count(*)::text FROM sessions WHERE user_id = ?", user));
            chromium.screenshot("sso-confirmation");
            // Continue waits for the page to have been in front for a second, and again after the window lost focus
            // (a page elsewhere opening this one under a double-click): disabled at once, still so just after focus.
            assertEquals("disabled, still disabled", chromium.script(String.join("\n",
                    "const done = arguments[arguments.length - 1];",
                    "const button = [...document.querySelectorAll('button')].find(b => b.textContent === 'Continue');",
                    "window.dispatchEvent(new Event('blur'));",
                    "const blurred = button.disabled;",
                    "window.dispatchEvent(new Event('focus'));",
                    "done((blurred ? 'disabled' : 'enabled') + ', ' + (button.disabled ? 'still disabled' : 'enabled'));")));
            chromium.click("Continue");
            chromium.wait(60).until(d -> "/engines".equals(chromium.path()));
            chromium.waitForText("Signed in · member");
            assertEquals("1", Rows.single("SELECT count(*)::text FROM sessions WHERE user_id = ?", user));
            chromium.assertNoConsoleErrors();
        }
    }
}
