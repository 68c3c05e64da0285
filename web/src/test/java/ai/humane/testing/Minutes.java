package ai.humane.testing;

/** Keeps a burst inside one fixed minute, so the sliding weight of the previous one cannot blur it. */
public final class Minutes {

    private Minutes() {
    }

    /** Waits for the next minute when fewer than {@code seconds} are left of this one. */
    public static void leaveAtLeast(int seconds) {
        long intoMinute = System.currentTimeMillis() % 60_000;
        long left = 60_000 - intoMinute;
        if (left < seconds * 1000L) {
            try {
                Thread.sleep(left + 200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
