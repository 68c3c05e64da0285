/**
 * The audit log (L1): {@link ai.humane.audit.control.AuditTrail} records credential, key, membership,
 * role, SSO, billing, export and erasure changes in the caller's transaction, with actor, action,
 * resource, before and after, into a per-tenant SHA-256 hash chain ({@link ai.humane.audit.control.ChainLink})
 * whose order is a gap-free seq. {@link ai.humane.audit.control.AuditChain} verifies it;
 * {@link ai.humane.audit.control.AuditRetention} keeps 24 months and leaves an anchor so verification
 * still holds after the oldest events are gone.
 */
package ai.humane.audit.control;
