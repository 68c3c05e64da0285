/**
 * Field encryption at rest (K3): OAuth refresh tokens and provider API keys are stored as Fernet tokens
 * under the {@link ai.humane.crypto.control.KeyRing} read from {@code FERNET_KEYS}. The first key encrypts,
 * every listed key decrypts, and {@link ai.humane.crypto.control.Reencryption} moves rows written under an
 * older key forward, so a key can be retired without losing data. {@link ai.humane.crypto.control.HmacKeys}
 * holds K4's {@code HMAC_KEY}, which signs e-mailed links: the first key signs, every listed key verifies.
 * {@link ai.humane.crypto.control.PseudonymKeys} derives from it one key per purpose for the pseudonyms that
 * stand in for e-mail and client addresses in the tables without row-level security (S2, S7, A1).
 */
package ai.humane.crypto.control;
