/**
 * Accounts: people ({@link ai.humane.accounts.entity.Person}: one address, one password, S1) and their memberships
 * of tenants with a role in each ({@link ai.humane.accounts.entity.User}, T2; V26). Sign-up (S7) makes both.
 */
package ai.humane.accounts.entity;
