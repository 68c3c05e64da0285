/**
 * What the application's uses of Payara's Hazelcast data grid share: opening a grid object outside the application's
 * invocation ({@link ai.humane.grid.control.GridObjects}). The users are the rate counters' map (A1) and the webhook
 * endpoints' topic (W1); docs/scaling.md lists what lives in the grid.
 */
package ai.humane.grid.control;
