/**
 * Edge hardening shared by every request and answer (issues 5 and 9, beside A1 and A2): security headers
 * (HSTS when the request arrived over HTTPS, directly or through a trusted proxy; nosniff; Referrer-Policy;
 * CSP with frame-ancestors 'none' and X-Frame-Options DENY, also on Payara's own endpoints; no-store on
 * authenticated answers), refusal of OPTIONS (N4), the media types a request may declare
 * ({@code MediaTypes}, {@code ContentTypeScreen}) and the one strict reading of JSON request bodies
 * ({@code JsonBodies}: {@code StrictJson}, then {@code BodyShape}, then JSON-B), which W2's inbound events
 * share.
 */
package ai.humane.edge.boundary;
