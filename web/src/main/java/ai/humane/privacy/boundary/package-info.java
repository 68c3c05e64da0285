/**
 * L3 over HTTP: data exports with signed download links, end-user erasures and account deletion.
 */
package ai.humane.privacy.boundary;
