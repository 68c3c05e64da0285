/**
 * SSO data behind both tenant walls (T1): provider identities linked to accounts, a tenant's own OIDC connections
 * (client secret sealed, K3) and the mail domains it verified (S5, S6).
 */
package ai.humane.sso.entity;
