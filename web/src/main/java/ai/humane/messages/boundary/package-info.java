/**
 * Messages over HTTP: an end user's conversation, stored in the tenant and announced by webhook.
 */
package ai.humane.messages.boundary;
