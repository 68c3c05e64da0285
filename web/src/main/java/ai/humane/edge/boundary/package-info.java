/**
 * Edge hardening shared by every answer (issue 5, beside A1 and A2): security headers (HSTS when the
 * request arrived over HTTPS, directly or through a trusted proxy; nosniff; Referrer-Policy; CSP with
 * frame-ancestors 'none' and X-Frame-Options DENY, also on Payara's own endpoints; no-store on
 * authenticated answers), refusal of JSON nested too deeply, and of OPTIONS (N4).
 */
package ai.humane.edge.boundary;
