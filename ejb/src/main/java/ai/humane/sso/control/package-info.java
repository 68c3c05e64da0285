/**
 * What SSO protocols hand to {@code SsoSignIn}: who vouched ({@link ai.humane.sso.control.IdentitySource}), for whom
 * ({@link ai.humane.sso.control.VerifiedIdentity}), and the problems a refused sign-in answers (S5, S6).
 */
package ai.humane.sso.control;
