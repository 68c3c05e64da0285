/**
 * Teams over HTTP (T2): members and their roles, invitations and accepting them.
 */
package ai.humane.teams.boundary;
