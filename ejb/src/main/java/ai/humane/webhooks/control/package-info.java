/**
 * Webhook controls (K2, W1, W3, W4): {@link ai.humane.webhooks.control.SignatureSigner} signs deliveries,
 * {@link ai.humane.webhooks.control.RetrySchedule} decides when to try again,
 * {@link ai.humane.webhooks.control.WebhookEvents} writes events in the caller's transaction (outbox),
 * {@link ai.humane.webhooks.control.Dispatch} claims, sends through the guarded
 * {@link ai.humane.webhooks.control.Receivers} client and records each attempt,
 * {@link ai.humane.webhooks.control.EndpointGuards} holds each endpoint's Resilience4j circuit breaker and lane, and
 * {@link ai.humane.crypto.control.FieldEncryption} keeps signing secrets sealed under the key ring.
 */
package ai.humane.webhooks.control;
