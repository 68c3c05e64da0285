/**
 * A2 idempotency keys: the first response to a mutating request with an {@code Idempotency-Key} is
 * kept for 24 h per (tenant, credential, key) and replayed; the key is claimed in a transaction of its
 * own before the request runs, so a second instance sees it and answers 409 while it runs.
 */
package ai.humane.idempotency.control;
