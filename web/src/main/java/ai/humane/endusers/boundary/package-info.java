/**
 * End users over HTTP: the people whose conversations a tenant sends, each with an external id and traits.
 */
package ai.humane.endusers.boundary;
