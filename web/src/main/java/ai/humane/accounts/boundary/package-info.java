/**
 * Accounts over HTTP: sign-up, e-mail verification, sign-in, password reset and the caller's own account
 * (S1, S2, S3, S7), the person's tenants and the switch of a session's active tenant (S3, V26), and the second factor: enrolment and the second step of sign-in (S8). How a request's credential is read is {@code ai.humane.authentication}.
 */
package ai.humane.accounts.boundary;
