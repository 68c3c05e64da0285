/** A1 rate limits: the timer that drops counter windows nobody can read any more. */
package ai.humane.ratelimit.boundary;
