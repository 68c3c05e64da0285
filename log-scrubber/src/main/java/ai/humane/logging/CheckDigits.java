package ai.humane.logging;

/**
 * The Luhn (mod 10) check that payment card numbers carry: the scrubber masks only numbers a card network could
 * have issued, and the analysis' personal-data detector (ejb) reports only those, so both read it from here.
 */
public final class CheckDigits {

    private CheckDigits() {
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
