/**
 * Transactional e-mail: the {@link ai.humane.mail.control.Outbox} writes a mail in the caller's
 * transaction, and a {@link ai.humane.mail.control.Courier} later claims due rows with
 * {@code FOR UPDATE SKIP LOCKED} and a lease and hands them to SMTP, so N instances never send a row
 * twice while its lease holds and a crashed sender's rows are retried. It carries the K4 signed links
 * of the identity features and the W4 webhook-failing notice; addresses are checked strictly and
 * header injection is refused before anything is stored.
 */
package ai.humane.mail.control;
