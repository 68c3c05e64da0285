/**
 * The mail dispatcher: a per-instance timer that triggers one {@link ai.humane.mail.control.Courier}
 * batch every few seconds. The timer only triggers; the work is claimed from PostgreSQL with
 * {@code FOR UPDATE SKIP LOCKED} and a lease, so any number of instances send each queued mail once
 * (at least once if a sender crashes mid-batch). Carries the mail of K4 signed links and W4 notices.
 */
package ai.humane.mail.boundary;
