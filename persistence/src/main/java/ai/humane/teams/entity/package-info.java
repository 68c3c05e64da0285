/** Teams (T2): invitations that bring people into a tenant with a role. */
package ai.humane.teams.entity;
