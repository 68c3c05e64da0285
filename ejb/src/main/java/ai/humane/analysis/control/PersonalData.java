package ai.humane.analysis.control;

import ai.humane.logging.CheckDigits;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds personal data a person shared in a message, by kind only (the value is never kept or reported):
 * payment card numbers (13–19 digits that pass the Luhn check), Aadhaar numbers (12 digits, first 2–9,
 * that pass the Verhoeff check), PAN (the Indian tax id, AAAPA9999A with a valid holder type) and phone
 * numbers (international with +, Indian mobile, North American). Checksums keep order numbers and
 * amounts from being taken for cards or Aadhaar numbers.
 */
public final class PersonalData {

    private static final Pattern CARD = Pattern.compile("(?<![\\d-])(?:\\d[ -]?){12,18}\\d(?![\\d-])");
    private static final Pattern AADHAAR = Pattern.compile("(?<![\\d-])[2-9]\\d{3}[ -]?\\d{4}[ -]?\\d{4}(?![\\d-])");
    private static final Pattern PAN = Pattern.compile("(?<![A-Za-z0-9])[A-Z]{3}[PCHFATBLJG][A-Z]\\d{4}[A-Z](?![A-Za-z0-9])");
    private static final Pattern PHONE = Pattern.compile("(?<![\\w+])(?:\\+\\d{1,3}[ .-]?(?:\\(?\\d{1,5}\\)?[ .-]?){1,5}\\d{2,5}"
            + "|[6-9]\\d{9}|\\(?\\d{3}\\)?[ .-]\\d{3}[ .-]\\d{4})(?![\\w])");

    /** Verhoeff's multiplication and permutation tables (dihedral group D5). */
    private static final int[][] D = {{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 3, 4, 0, 6, 7, 8, 9, 5},
            {2, 3, 4, 0, 1, 7, 8, 9, 5, 6}, {3, 4, 0, 1, 2, 8, 9, 5, 6, 7}, {4, 0, 1, 2, 3, 9, 5, 6, 7, 8},
            {5, 9, 8, 7, 6, 0, 4, 3, 2, 1}, {6, 5, 9, 8, 7, 1, 0, 4, 3, 2}, {7, 6, 5, 9, 8, 2, 1, 0, 4, 3},
            {8, 7, 6, 5, 9, 3, 2, 1, 0, 4}, {9, 8, 7, 6, 5, 4, 3, 2, 1, 0}};
    private static final int[][] P = {{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 5, 7, 6, 2, 8, 3, 0, 9, 4},
            {5, 8, 0, 3, 7, 9, 6, 1, 4, 2}, {8, 9, 1, 6, 0, 4, 3, 5, 2, 7}, {9, 4, 5, 3, 1, 2, 6, 8, 7, 0},
            {4, 2, 8, 6, 5, 7, 3, 9, 0, 1}, {2, 7, 9, 3, 8, 0, 6, 4, 1, 5}, {7, 0, 4, 6, 9, 1, 3, 2, 5, 8}};

    private PersonalData() {
    }

    /** The kinds found, as flags: {@code personal_data.card}, {@code .aadhaar}, {@code .pan}, {@code .phone}. */
    public static List<String> kinds(String text) {
        List<String> kinds = new ArrayList<>();
        boolean aadhaar = any(AADHAAR, text, PersonalData::verhoeff);
        boolean card = any(CARD, text, PersonalData::luhnCardLike);
        if (card) {
            kinds.add("personal_data.card");
        }
        if (aadhaar) {
            kinds.add("personal_data.aadhaar");
        }
        if (PAN.matcher(text).find()) {
            kinds.add("personal_data.pan");
        }
        if (any(PHONE, text, digits -> digits.length() >= 10 && digits.length() <= 15 && !luhnCardLike(digits))) {
            kinds.add("personal_data.phone");
        }
        return kinds;
    }

    /** The Verhoeff check over a string of digits, the check digit last. */
    public static boolean verhoeff(String digits) {
        int c = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = digits.charAt(digits.length() - 1 - i) - '0';
            c = D[c][P[i % 8][d]];
        }
        return c == 0;
    }

    /** A 13+ digit run that passes Luhn is reported as a card, not also as a phone. */
    private static boolean luhnCardLike(String digits) {
        return digits.length() >= 13 && CheckDigits.luhn(digits);
    }

    private static boolean any(Pattern pattern, String text, java.util.function.Predicate<String> check) {
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            if (check.test(CheckDigits.digits(matcher.group()))) {
                return true;
            }
        }
        return false;
    }
}
