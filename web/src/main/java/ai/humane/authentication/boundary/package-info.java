/**
 * How a request becomes a caller, in one place: the one Jakarta Security mechanism reads the credential (API\n * key K1, session cookie S3 with its CSRF check, access token S4) and hands it to the identity store of its kind,\n * which asks the credential's own feature (apikeys, sessions) whether it still stands; refused credentials are\n * answered by {@link ai.humane.authentication.boundary.CredentialRefusals} inside JAX-RS. After matching, the\n * role (T2, audited when denied), the key's scope and the sign-up verification (S7) are enforced here too.
 */
package ai.humane.authentication.boundary;
