/**
 * L3: asks for exports, erasures and account deletion in the caller's tenant, serves archives by signed
 * link, and runs the work on a cluster-safe worker (claims in PostgreSQL with SKIP LOCKED and a lease).
 */
package ai.humane.privacy.boundary;
