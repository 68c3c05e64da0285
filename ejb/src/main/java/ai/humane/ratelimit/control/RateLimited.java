package ai.humane.ratelimit.control;

import ai.humane.problems.control.RetryLater;

/** Over the ceiling of the caller's bucket: 429 {@code rate-limited} with Retry-After (A1). */
public class RateLimited extends RetryLater {

    public RateLimited(long retryAfterSeconds) {
        super(429, "rate-limited", "Too many requests",
                "The rate limit of this client is used up; retry after the number of seconds in Retry-After",
                retryAfterSeconds);
    }
}
