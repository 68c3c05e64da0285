/**
 * JSON-P with its provider looked up once ({@link ai.humane.json.control.JsonP}): every JSON value the application
 * builds or reads itself goes through it.
 */
package ai.humane.json.control;
