/**
 * Edge hardening shared by every request and answer (issues 5 and 9, beside A1 and A2): security headers
 * (HSTS when the request arrived over HTTPS, directly or through a trusted proxy; nosniff; Referrer-Policy;
 * CSP with frame-ancestors 'none'; no-store on authenticated answers), the media types a request may declare
 * ({@code MediaTypes}, {@code ContentTypeScreen}) and the one strict reading of JSON request bodies
 * ({@code JsonBodies}: {@code StrictJson}, then {@code BodyShape}, then JSON-B), which W2's inbound events
 * share.
 */
package ai.humane.edge.boundary;
