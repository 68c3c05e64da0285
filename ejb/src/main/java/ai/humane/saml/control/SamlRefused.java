package ai.humane.saml.control;

import ai.humane.problems.control.Problem;

/**
 * A SAML response the ACS will not accept (S6). Nothing it carried is stored and no session opens; the
 * detail names the failed check (never the document), so an administrator can fix the IdP's settings.
 */
public class SamlRefused extends Problem {

    private static final long serialVersionUID = 1L;

    public SamlRefused(String detail) {
        super(401, "saml-response-refused", "SAML response refused", detail);
    }
}
