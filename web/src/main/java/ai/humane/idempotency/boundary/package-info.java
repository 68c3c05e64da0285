/**
 * A2 idempotency keys at the HTTP edge: claims the key before the resource runs, captures the first
 * answer as it is written, and replays it with {@code Idempotent-Replayed: true}.
 */
package ai.humane.idempotency.boundary;
