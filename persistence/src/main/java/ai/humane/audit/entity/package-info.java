/**
 * The audit log (L1): {@link ai.humane.audit.entity.AuditEvent} maps {@code admin_audit_events}, a
 * per-tenant hash chain of what owners, admins, API keys and the system did. Events are written only
 * by the chain in {@code ai.humane.audit.control} (never through this entity) and never updated.
 */
package ai.humane.audit.entity;
