package ai.humane.analysis.control;

import java.time.Instant;
import java.util.Map;

/**
 * An end user's rolling profile: message volume (all time, last 7 and 30 days), mean sentiment over the last 7
 * and 30 days (null without an analysed message), the emotion distribution of the last 30 days (shares that
 * add up to 1, or all zero), how many messages raised each flag (all time), and the last message's time.
 */
public record Profile(long messages, long messages7, long messages30, Window sentiment7, Window sentiment30,
                      Map<String, Double> emotions30, Map<String, Long> flags, long flaggedMessages, Instant lastActiveAt) {

    /** Mean sentiment of the analysed messages of a window, and how many there were. */
    public record Window(Double mean, long analysed) {
    }
}
