/**
 * The database connections every feature uses (T1: as the runtime role, behind both tenancy walls).
 */
package ai.humane.tenancy.boundary;
