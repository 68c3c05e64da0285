package ai.humane.webhooks.control;

import ai.humane.problems.control.Problem;

/** An endpoint URL the SSRF guard refused (N1); the detail is the guard's reason, written for the client. */
public class UrlRefused extends Problem {

    private static final long serialVersionUID = 1L;

    public UrlRefused(String reason) {
        super(400, "url-not-allowed", "URL not allowed", reason);
    }
}
