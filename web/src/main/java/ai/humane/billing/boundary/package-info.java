/**
 * Plans and billing over HTTP: the public price list with each plan's ceilings (A1), the owner's subscription,
 * plan, payment method (K3) and BAA (O6), and the billing provider's signed events (verified as W2).
 */
package ai.humane.billing.boundary;
