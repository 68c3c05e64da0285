/**
 * Status: schema integrity (O1). Flyway migrations run as the owner role, and the parity of the
 * database with the newest migration this release ships decides whether production may start.
 * Also the operators' credential for the metrics endpoint (N4).
 */
package ai.humane.status.control;
