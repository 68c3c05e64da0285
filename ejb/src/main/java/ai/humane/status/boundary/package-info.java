/**
 * Status: the boot-time gate (O1 schema integrity, T1 tenancy walls) that refuses a deployment on an
 * unsafe database, and the status page (O2): the probe timer, claimed once per interval across the cluster,
 * and the board the page reads, cached per instance.
 */
package ai.humane.status.boundary;
