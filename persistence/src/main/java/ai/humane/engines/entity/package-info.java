/**
 * Engines: the analysers a tenant sends messages through. Provider URLs pass the SSRF guard (N1) and
 * provider keys are stored encrypted (K3) once the outbound and crypto features land.
 */
package ai.humane.engines.entity;
