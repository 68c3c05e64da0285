package ai.humane.status.control;

/** Flyway versions ({@code 11.1}, {@code 16}) compared part by part, as numbers. */
final class Versions {

    private Versions() {
    }

    static int compare(String a, String b) {
        String[] left = a.split("[._]");
        String[] right = b.split("[._]");
        for (int i = 0; i < Math.max(left.length, right.length); i++) {
            long l = i < left.length ? number(left[i]) : 0;
            long r = i < right.length ? number(right[i]) : 0;
            if (l != r) {
                return Long.compare(l, r);
            }
        }
        return 0;
    }

    private static long number(String part) {
        try {
            return Long.parseLong(part);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
