/**
 * Webhook endpoints, their deliveries and the attempts of each (K2, W1, W3, W4). An endpoint holds its
 * signing secrets only as Fernet tokens; events and the claim of deliveries are written by the webhook
 * controls in SQL, these entities serve the API and the Webhook Monitor.
 */
package ai.humane.webhooks.entity;
