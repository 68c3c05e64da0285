/** The public desk's transactions: a support request is stored and its e-mail queued together. */
package ai.humane.publicapi.boundary;
