package ai.humane.sessions.control;

import java.time.Duration;

/**
 * S3 lifetimes: 30 days sliding, refreshed at most hourly, never beyond 90 days from sign-in. On a tenant under a
 * BAA (O6): 15 minutes idle (refreshed at most each minute) and 12 hours absolute; its API keys live 90 days.
 */
public final class SessionPolicy {

    public static final Duration SLIDING = Duration.ofDays(30);
    public static final Duration REFRESH_EVERY = Duration.ofHours(1);
    public static final Duration ABSOLUTE = Duration.ofDays(90);

    public static final Duration BAA_IDLE = Duration.ofMinutes(15);
    public static final Duration BAA_REFRESH_EVERY = Duration.ofMinutes(1);
    public static final Duration BAA_ABSOLUTE = Duration.ofHours(12);
    public static final Duration BAA_API_KEY_LIFETIME = Duration.ofDays(90);
    /**
     * How recent a sign-in must be for a member without a password (SSO only) to change their second factor (S8): a
     * member with one types it instead. Short, since it is all that tells the person from a freshly stolen session.
     */
    public static final Duration RECENT_SIGN_IN = Duration.ofMinutes(5);

    private SessionPolicy() {
    }

    public static Duration sliding(boolean baa) {
        return baa ? BAA_IDLE : SLIDING;
    }

    public static Duration refreshEvery(boolean baa) {
        return baa ? BAA_REFRESH_EVERY : REFRESH_EVERY;
    }

    public static Duration absolute(boolean baa) {
        return baa ? BAA_ABSOLUTE : ABSOLUTE;
    }
}
