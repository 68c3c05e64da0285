/** Teams (T2): the rules of who may grant, change and remove which role. */
package ai.humane.teams.control;
