package ai.humane.console.boundary;

import ai.humane.testing.Chromium;
import ai.humane.testing.People;

/** What the console's browser tests share: a password sign-in, and a write made with the page's own session. */
final class ConsoleSignIn {

    private ConsoleSignIn() {
    }

    /** Signs in on the sign-in page and waits for the first page of the person's role. */
    static void withPassword(Chromium chromium, String email, String firstPage) {
        chromium.open("/sign-in");
        chromium.type("E-mail", email);
        chromium.type("Password", People.PASSWORD);
        chromium.click("Sign in");
        chromium.wait(30).until(d -> firstPage.equals(chromium.path()));
    }

    /** The status of a write the page could make: the same session cookie and CSRF token, straight to the API. */
    static Object write(Chromium chromium, String method, String path, String json) {
        return chromium.script("const done = arguments[arguments.length - 1];"
                + "const csrf = document.cookie.split('; ').find(c => c.startsWith('humane_csrf=')).slice(12);"
                + "fetch(arguments[0], {method: arguments[1], headers: {'Content-Type': 'application/json',"
                + " 'X-CSRF-Token': csrf}, body: arguments[2]}).then(r => done(r.status));", path, method, json);
    }
}
