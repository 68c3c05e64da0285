package ai.humane.sessions.control;

import java.time.Duration;

/** S3 lifetimes: 30 days sliding, refreshed at most hourly, never beyond 90 days from sign-in. */
public final class SessionPolicy {

    public static final Duration SLIDING = Duration.ofDays(30);
    public static final Duration REFRESH_EVERY = Duration.ofHours(1);
    public static final Duration ABSOLUTE = Duration.ofDays(90);

    private SessionPolicy() {
    }
}
