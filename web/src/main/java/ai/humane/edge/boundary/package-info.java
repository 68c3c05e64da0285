/**
 * The edge of the HTTP API, which every request and answer passes: the JAX-RS application itself
 * ({@link ai.humane.edge.boundary.HumaneApi}) and the order of every filter
 * ({@link ai.humane.edge.boundary.FilterOrder}); the client address behind trusted proxies; the body limit
 * and slow-body deadline (A4); security headers (HSTS over HTTPS, nosniff, Referrer-Policy, CSP and
 * X-Frame-Options DENY, also on Payara's own endpoints; no-store on authenticated answers); refusal of
 * OPTIONS (N4); the media types a request may declare and the one strict reading of JSON request bodies
 * ({@code JsonBodies}: {@code StrictJson}, then {@code BodyShape}, then JSON-B), which W2's inbound events
 * share; and the scrubbed access log (L2). The rate limit (A1) and idempotency keys (A2) plug in from their
 * own features.
 */
package ai.humane.edge.boundary;
