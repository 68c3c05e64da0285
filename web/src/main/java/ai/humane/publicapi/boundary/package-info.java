/**
 * The public endpoints of api.md at {@code /api/v1/public/…} (the base path convention wins over the
 * table's short form): no credential, rate-limited at 60/min per client address (A1).
 */
package ai.humane.publicapi.boundary;
