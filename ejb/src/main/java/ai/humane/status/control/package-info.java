/**
 * Status: schema integrity (O1). Flyway migrations run as the owner role, and the parity of the
 * database with the newest migration this release ships decides whether production may start.
 * Also the operators' credential for the metrics endpoint (N4), and the status page (O2): the probes (database
 * round trip, schema parity, the public host's certificate, queue ages, backup age), the rounds and daily
 * tallies in PostgreSQL, the alerts to the operators and the incidents they publish.
 */
package ai.humane.status.control;
