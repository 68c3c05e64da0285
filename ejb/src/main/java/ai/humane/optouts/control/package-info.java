/**
 * Signed unsubscribe links (K4): tokens HMAC-signed with {@code HMAC_KEY} that name a tenant, a user and a
 * {@link ai.humane.optouts.control.MailList}, good for 30 days, and the refusals of every other token.
 * Only lists can be stopped; security e-mail is never suppressed.
 */
package ai.humane.optouts.control;
