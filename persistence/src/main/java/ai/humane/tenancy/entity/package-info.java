/**
 * Tenants and the first tenancy wall (T1): {@link ai.humane.tenancy.entity.TenantOwned} makes every
 * tenant-owned entity an EclipseLink single-table multitenant entity keyed by {@code tenant_id}.
 * The second wall, PostgreSQL row-level security, lives in the Flyway migrations beside these classes.
 */
package ai.humane.tenancy.entity;
