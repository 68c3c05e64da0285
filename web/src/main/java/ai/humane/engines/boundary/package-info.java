/**
 * Engines over HTTP: what analyses messages; a provider URL passes the SSRF guard (N1), its key is sealed (K3).
 */
package ai.humane.engines.boundary;
