/**
 * SAML 2.0 single sign-on per tenant over HTTP (S6): the connections API for owners
 * ({@link ai.humane.saml.boundary.SamlConnectionsResource}), each connection's public SP metadata, login and ACS
 * ({@link ai.humane.saml.boundary.SamlResource}), and the ACS as the authentication mechanism's SSO port
 * ({@link ai.humane.saml.boundary.SamlAcsCallback}) with its browser binding ({@link
 * ai.humane.saml.boundary.SamlBindingCookie}).
 */
package ai.humane.saml.boundary;
