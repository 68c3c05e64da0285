/** A2 idempotency keys: the timer that purges keys older than 24 h. */
package ai.humane.idempotency.boundary;
