/**
 * What a signed-in caller carries: session cookies (S3) and access tokens (S4). Access tokens are short-lived ES256
 * JWTs signed with the keys from {@code JWT_SIGNING_KEYS}, never keys from the repository or an image:
 * {@link ai.humane.sessions.control.SigningKeys} holds the key set (the first key signs, every key verifies and is
 * published as the JWKS, so keys rotate without downtime) and {@link ai.humane.sessions.control.AccessTokens}
 * issues the tokens and verifies the bearer credentials the authentication mechanism is handed.
 */
package ai.humane.sessions.control;
