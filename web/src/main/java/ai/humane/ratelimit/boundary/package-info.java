/**
 * A1 rate limits at the HTTP edge: every request is counted against its bucket before any resource
 * runs, and every answer carries {@code RateLimit-Policy} and {@code RateLimit}.
 */
package ai.humane.ratelimit.boundary;
