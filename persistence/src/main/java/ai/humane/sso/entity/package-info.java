/** Identities of SSO providers linked to accounts (S5, S6), behind both tenant walls (T1). */
package ai.humane.sso.entity;
