/**
 * The webhook endpoints API and the Webhook Monitor (K2, W1, W4) at {@code /api/v1/webhooks}: owners and
 * admins only; the boundary EJBs {@code WebhookEndpoints} and {@code WebhookDeliveries} hold the rules.
 */
package ai.humane.webhooks.boundary;
