/**
 * L3, data export and erasure: the archive (ZIP of JSON lines and a manifest of SHA-256 digests, sealed with a
 * streaming AEAD whose keys derive from FERNET_KEYS), the erasure of an end user, the signed download links,
 * account deletion, and {@link ai.humane.privacy.control.TenantData}, the one place that knows which tables
 * hold a tenant's data.
 */
package ai.humane.privacy.control;
