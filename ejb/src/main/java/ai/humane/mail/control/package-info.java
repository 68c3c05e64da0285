/**
 * Transactional e-mail: the {@link ai.humane.mail.control.Outbox} seals a mail under FERNET_KEYS (K3) and
 * writes it in the caller's transaction, and a {@link ai.humane.mail.control.Courier} later claims due rows
 * (SKIP LOCKED and a lease), opens and hands them to SMTP, and settles them, which redacts them. The runtime
 * role reaches the outbox only through owner-run functions (T1's function wall for tenant-less tables). It
 * carries the K4 signed links of the identity features and the W4 webhook-failing notice; addresses are
 * checked strictly and header injection is refused before anything is stored and again when it is opened.
 * {@link ai.humane.mail.control.SendThrottle} (A3) keeps the mail a caller can prompt, and webhook test
 * events, within budgets per target and per tenant, keyed by HMACs, never by an address.
 */
package ai.humane.mail.control;
