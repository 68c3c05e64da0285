/**
 * Billing: the owner's plan changes (A1 ceilings from the next request on every instance), payment method sealed
 * with the Fernet ring (K3), the BAA of a HIPAA tenant (O6), and the billing provider's signed subscription
 * events; every change audited with before and after (L1).
 */
package ai.humane.billing.boundary;
