/**
 * The audit log over HTTP (L1): {@code /api/v1/audit-events} for owners and admins, with filters and a
 * cursor, a streamed JSON Lines or CSV export, and the verification of the tenant's hash chain; and
 * {@link ai.humane.authentication.boundary.RoleDenials}, which has every 403 for a missing role audited (T2).
 */
package ai.humane.audit.boundary;
