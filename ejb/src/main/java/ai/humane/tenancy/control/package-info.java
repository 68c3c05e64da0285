/**
 * Tenancy (T1), the base every other feature stands on and which itself depends on none: the authenticated
 * {@link ai.humane.tenancy.control.TenantCaller}, the {@link ai.humane.tenancy.control.TenantScope} that raises
 * both walls for every tenant-scoped call, and the boot-time proof that the database keeps the second wall
 * ({@link ai.humane.tenancy.control.TenancyWalls}).
 */
package ai.humane.tenancy.control;
