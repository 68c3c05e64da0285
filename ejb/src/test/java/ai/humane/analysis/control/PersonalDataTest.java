package ai.humane.analysis.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.logging.CheckDigits;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checksums against their published worked examples, and each detector on hits and near misses. */
class PersonalDataTest {

    @Test
    void luhnMatchesItsPublishedExample() {
        // ISO/IEC 7812-1 Annex B; also the worked example of the Luhn algorithm's Wikipedia article.
        assertTrue(CheckDigits.luhn("79927398713"));
        assertFalse(CheckDigits.luhn("79927398710"));
        assertTrue(CheckDigits.luhn("4111111111111111"));
    }

    @Test
    void verhoeffMatchesItsPublishedExample() {
        // Verhoeff (1969): the check digit of 236 is 3; of 12345 it is 1.
        assertTrue(PersonalData.verhoeff("2363"));
        assertFalse(PersonalData.verhoeff("2364"));
        assertTrue(PersonalData.verhoeff("123451"));
        assertFalse(PersonalData.verhoeff("123452"));
    }

    @Test
    void cardsAreFoundOnlyWhenTheChecksumHolds() {
        assertEquals(List.of("personal_data.card"), PersonalData.kinds("my card is 4111 1111 1111 1111 thanks"));
        assertEquals(List.of("personal_data.card"), PersonalData.kinds("5500-0000-0000-0004"));
        assertEquals(List.of(), PersonalData.kinds("order 4111 1111 1111 1112"));
    }

    @Test
    void aadhaarNeedsTwelveDigitsAValidFirstDigitAndTheVerhoeffCheck() {
        String valid = withVerhoeff("23456789012");
        assertEquals(List.of("personal_data.aadhaar"), PersonalData.kinds("aadhaar " + valid.substring(0, 4) + " "
                + valid.substring(4, 8) + " " + valid.substring(8)));
        String wrongCheck = valid.substring(0, 11) + ((valid.charAt(11) - '0' + 1) % 10);
        assertEquals(List.of(), PersonalData.kinds("aadhaar " + wrongCheck));
        assertEquals(List.of(), PersonalData.kinds("aadhaar " + withVerhoeff("13456789012")));
    }

    @Test
    void panHasItsShapeAndAHolderType() {
        assertEquals(List.of("personal_data.pan"), PersonalData.kinds("PAN ABCPE1234F"));
        assertEquals(List.of(), PersonalData.kinds("code ABCXE1234F"));
        assertEquals(List.of(), PersonalData.kinds("XABCPE1234F"));
    }

    @Test
    void phonesInTheirCommonForms() {
        assertEquals(List.of("personal_data.phone"), PersonalData.kinds("call +44 20 7946 0958"));
        assertEquals(List.of("personal_data.phone"), PersonalData.kinds("my number is 9876543210"));
        assertEquals(List.of("personal_data.phone"), PersonalData.kinds("(415) 555-0132"));
        assertEquals(List.of(), PersonalData.kinds("order 12345, total 99.50"));
    }

    /** Appends the Verhoeff check digit, found by trying all ten: independent of how the check is written. */
    private static String withVerhoeff(String digits) {
        for (int d = 0; d <= 9; d++) {
            if (PersonalData.verhoeff(digits + d)) {
                return digits + d;
            }
        }
        throw new AssertionError("no check digit");
    }
}
