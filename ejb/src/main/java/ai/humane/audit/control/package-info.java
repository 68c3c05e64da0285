/**
 * The audit log (L1): {@link ai.humane.audit.control.AuditTrail} records credential, key, membership,
 * role, SSO, billing, export and erasure changes in the caller's transaction, with actor, action,
 * resource, before and after. The database chains them (migration V10): per tenant, a gap-free seq, its
 * own clock and an HMAC-SHA256 chain under a key the runtime role cannot read.
 * {@link ai.humane.audit.control.AuditChain} appends and asks the database to verify;
 * {@link ai.humane.audit.control.AuditRetention} keeps 24 months and leaves an anchor so verification
 * still holds after the oldest events are gone.
 */
package ai.humane.audit.control;
