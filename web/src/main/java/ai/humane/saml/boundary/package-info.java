/**
 * SAML 2.0 single sign-on per tenant over HTTP (S6): the connections API for owners and admins.
 */
package ai.humane.saml.boundary;
