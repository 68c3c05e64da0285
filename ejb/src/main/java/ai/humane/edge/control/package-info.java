/**
 * Edge controls: the client address as the trusted proxies allow
 * ({@link ai.humane.edge.control.RequestOrigin}, {@link ai.humane.edge.control.TrustedProxies}), recorded by
 * sign-in throttling (S2), sessions, the audit log (L1) and the rate limit (A1); and the one strict reading of
 * JSON that callers send ({@link ai.humane.edge.control.StrictJson}), used by the web module's body reader for
 * every JSON request body and by inbound events (W2) once their signature holds. What it refuses (invalid
 * UTF-8, duplicate keys, NUL, trailing data, deep nesting, numbers no double can hold) is listed in
 * {@code docs/api.md}, Conventions.
 */
package ai.humane.edge.control;
