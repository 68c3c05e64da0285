/**
 * The mail timers. {@link ai.humane.mail.boundary.MailDispatcher} triggers one
 * {@link ai.humane.mail.control.Courier} batch every few seconds; the work is claimed from PostgreSQL with
 * {@code FOR UPDATE SKIP LOCKED} and a lease, so any number of instances send each queued mail once (at
 * least once if a sender crashes mid-batch). {@link ai.humane.mail.boundary.MailUpkeep} moves waiting mail
 * to the newest Fernet key (K3), forgets old redacted records and drops ended send budgets (A3). Carries
 * the mail of K4 signed links and W4 notices.
 */
package ai.humane.mail.boundary;
