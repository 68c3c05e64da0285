/**
 * The audit log (L1), business side: reading a tenant's events (list, streamed export, chain
 * verification) and the daily retention that keeps 24 months. Events are written by the features
 * that change things, through {@link ai.humane.audit.control.AuditTrail}, in their own transactions;
 * {@link ai.humane.audit.boundary.AccessDenials} writes a role's denied attempts, once a minute per caller
 * and route.
 */
package ai.humane.audit.boundary;
