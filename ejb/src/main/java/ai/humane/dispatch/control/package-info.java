/**
 * What the dispatchers that drain a durable queue share: {@link ai.humane.dispatch.control.Rounds}, their claim
 * rounds one at a time with no ask lost. The users are the webhook dispatcher (W3), the LLM analysis queue and the
 * mail dispatcher; each keeps its own queue, claims and backoff in its feature.
 */
package ai.humane.dispatch.control;
