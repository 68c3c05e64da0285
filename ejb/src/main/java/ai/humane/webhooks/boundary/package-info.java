/**
 * Webhook endpoints, the Webhook Monitor and the dispatcher timer (K2, W1, W3, W4): the transactions
 * start here and the webhook controls join them.
 */
package ai.humane.webhooks.boundary;
