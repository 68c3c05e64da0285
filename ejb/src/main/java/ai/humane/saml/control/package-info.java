/**
 * SAML 2.0 service provider controls (S6). {@link ai.humane.saml.control.ResponseDocument} reads a posted
 * response under a size cap with DTDs refused and checks what OneLogin's validator does not (SHA-1 digests,
 * duplicate IDs, a missing Destination, the assertion's place); {@link ai.humane.saml.control.ResponseCheck}
 * then runs {@code com.onelogin:java-saml-core} strictly against the connection named by the URL and answers
 * the {@link ai.humane.saml.control.VerifiedAssertion}, or throws {@link ai.humane.saml.control.SamlRefused}.
 */
package ai.humane.saml.control;
