/**
 * Accounts: the people of a tenant and their roles (T2). Passwords (S1) and sign-up (S7) build on
 * {@link ai.humane.accounts.entity.User}.
 */
package ai.humane.accounts.entity;
