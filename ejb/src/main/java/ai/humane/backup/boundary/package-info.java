/**
 * Backups (O3): the nightly backup timer, claimed once per cluster in PostgreSQL. The snapshot, its OpenPGP
 * encryption, the targets, retention and the restore are in {@code ai.humane.backup.control}.
 */
package ai.humane.backup.boundary;
