/**
 * The plan catalogue and its ceilings (A1, A3), a billing provider's event as read after its signature (W2's
 * verification), and what accepting a BAA does to existing sessions and keys (O6).
 */
package ai.humane.billing.control;
