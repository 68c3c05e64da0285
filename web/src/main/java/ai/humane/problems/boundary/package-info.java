/**
 * Problems: the one place where every failure becomes {@code application/problem+json} (RFC 9457),
 * exactly once, with a {@code urn:uuid:} instance that is also in the log. Nothing internal (stack,
 * SQL, class names) reaches a response.
 */
package ai.humane.problems.boundary;
