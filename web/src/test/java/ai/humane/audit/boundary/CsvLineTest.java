package ai.humane.audit.boundary;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The audit export's CSV fields (L1): what a spreadsheet would run as a formula is defused with an apostrophe, and
 * commas, quotes and line breaks are quoted as RFC 4180 has them. Names that tenants choose end up in the log, and the
 * export is opened by people. Broken once: without the apostrophe every lead character's case failed.
 */
class CsvLineTest {

    /** Each lead character a spreadsheet takes for a formula. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "=SUM(A1:A9)|'=SUM(A1:A9)",
            "+1 555 0100|'+1 555 0100",
            "-2+3|'-2+3",
            "@SUM(A1)|'@SUM(A1)"})
    void aFormulaLeadIsDefused(String value, String field) {
        assertEquals(field, CsvLine.field(value));
    }

    @Test
    void aTabOrCarriageReturnLeadIsDefusedToo() {
        assertAll(() -> assertEquals("'\tcmd", CsvLine.field("\tcmd"), "a tab alone needs no quotes"),
                () -> assertEquals("\"'\rcmd\"", CsvLine.field("\rcmd"), "a carriage return is a line break: quoted as well"));
    }

    @Test
    void aFormulaCharacterAfterTheFirstIsLeftAlone() {
        for (String value : new String[] {"a=b", "x+y", "engine-1", "me@example.test", "1\t2"}) {
            assertEquals(value, CsvLine.field(value));
        }
    }

    @Test
    void commasQuotesAndLineBreaksAreQuotedWithQuotesDoubled() {
        assertEquals("\"a,b\"", CsvLine.field("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", CsvLine.field("say \"hi\""));
        assertEquals("\"line\nbreak\"", CsvLine.field("line\nbreak"));
        assertEquals("\"line\r\nbreak\"", CsvLine.field("line\r\nbreak"));
        assertEquals("\"{\"\"name\"\": \"\"a, b\"\"}\"", CsvLine.field("{\"name\": \"a, b\"}"), "a before or after as stored");
    }

    @Test
    void aQuotedFormulaKeepsItsApostropheInsideTheQuotes() {
        assertEquals("\"'=HYPERLINK(\"\"https://evil.test\"\",\"\"x\"\")\"",
                CsvLine.field("=HYPERLINK(\"https://evil.test\",\"x\")"));
        assertEquals("\"'-1,2\"", CsvLine.field("-1,2"));
    }

    @Test
    void nothingIsAnEmptyField() {
        assertEquals("", CsvLine.field(null));
        assertEquals("", CsvLine.field(""));
        assertEquals("plain", CsvLine.field("plain"));
    }
}
