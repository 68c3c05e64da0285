package ai.humane.saml.control;

import ai.humane.problems.control.Problem;

/** IdP metadata a connection cannot be made from (S6): given as XML or fetched from its URL. Nothing is stored. */
public class MetadataRefused extends Problem {

    private static final long serialVersionUID = 1L;

    public MetadataRefused(String detail) {
        super(400, "invalid-idp-metadata", "IdP metadata not usable", detail);
    }
}
