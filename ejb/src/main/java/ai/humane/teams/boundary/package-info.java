/**
 * Teams (T2): owners, admins, members and viewers of a tenant; invitations by e-mail; only owners
 * grant or remove owner and admin; the last owner stays; removal ends sessions and revokes keys.
 */
package ai.humane.teams.boundary;
