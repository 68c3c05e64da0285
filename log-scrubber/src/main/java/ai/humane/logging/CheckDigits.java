package ai.humane.logging;

/**
 * The Luhn (mod 10) check that payment card numbers carry: the scrubber masks only numbers a card network could
 * have issued, and the analysis' personal-data detector (ejb) reports only those, so both read it from here.
 * Both run on hot paths (every log line with a long digit run, every message), so nothing here compiles a regular
 * expression per call.
 */
public final class CheckDigits {

    private CheckDigits() {
    }

    /** The ASCII digits of {@code text}, in order: a number as written with spaces, dashes or brackets. */
    public static String digits(CharSequence text) {
        StringBuilder digits = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            }
        }
        return digits.toString();
    }

    /** True when {@code digits} (ASCII digits only, the check digit last) pass the Luhn check. */
    public static boolean luhn(String digits) {
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }
}
