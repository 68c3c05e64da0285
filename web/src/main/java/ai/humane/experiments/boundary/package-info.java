/**
 * Experiments over HTTP: variants of engines compared on a tenant's end users.
 */
package ai.humane.experiments.boundary;
