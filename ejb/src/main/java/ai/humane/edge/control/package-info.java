/**
 * Edge controls: the one strict reading of JSON that callers send ({@link ai.humane.edge.control.StrictJson}),
 * used by the web module's body reader for every JSON request body and by inbound events (W2) once their
 * signature holds. What it refuses (invalid UTF-8, duplicate keys, NUL, trailing data, deep nesting, numbers
 * no double can hold) is listed in {@code docs/api.md}, Conventions.
 */
package ai.humane.edge.control;
