/**
 * Edge hardening shared by every answer (issue 5, beside A1 and A2): security headers (HSTS when the
 * request arrived over HTTPS, directly or through a trusted proxy; nosniff; Referrer-Policy; CSP with
 * frame-ancestors 'none'; no-store on authenticated answers) and refusal of JSON nested too deeply.
 */
package ai.humane.edge.boundary;
