/**
 * Status: the boot-time gate (O1 schema integrity, T1 tenancy walls) that refuses a deployment on an
 * unsafe database. The status page (O2) joins it later.
 */
package ai.humane.status.boundary;
