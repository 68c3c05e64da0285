/**
 * Problems: the domain exceptions every feature throws. Each carries its HTTP status and the stable
 * slug of its problem type, so the web module maps all of them to RFC 9457 in one place and nothing
 * internal (stack, SQL, class names) reaches a response.
 */
package ai.humane.problems.control;
