package ai.humane.accounts.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.crypto.control.HmacKeys;
import ai.humane.crypto.control.PseudonymKeys;
import ai.humane.local.DatabaseSettings;
import ai.humane.testing.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** S7's memory of sign-up addresses on a real PostgreSQL 16: pseudonyms only, 90 days, across a key rotation. */
class SignUpAddressesTest {

    private static final String OLD_KEY = HmacKeys.generateKey();
    private static final String NEW_KEY = HmacKeys.generateKey();

    private final HmacKeys keys = new HmacKeys(OLD_KEY).derive(PseudonymKeys.SIGNUP_ADDRESSES);
    private DatabaseSettings db;

    @BeforeEach
    void migrated() {
        db = TestDatabases.migrated();
    }

    @Test
    void anAddressIsNewOnceAndStoredOnlyAsItsHmac() throws Exception {
        try (Connection c = TestDatabases.asApp(db)) {
            assertTrue(new SignUpAddresses(keys).firstFrom(c, "192.0.2.7"));
            assertFalse(new SignUpAddresses(keys).firstFrom(c, "192.0.2.7"));
            assertTrue(new SignUpAddresses(keys).firstFrom(c, "192.0.2.8"));
            assertEquals("1", single(c, "SELECT count(*) FROM signup_addresses WHERE address = " + pseudonym("192.0.2.7")));
            assertEquals("0", single(c, "SELECT count(*) FROM signup_addresses WHERE position(convert_to('192.0.2', 'UTF8') IN address) > 0"));
        }
    }

    @Test
    void anAddressSeenUnderTheOlderKeyIsNotNewAfterARotation() throws Exception {
        HmacKeys rotated = new HmacKeys(NEW_KEY + "," + OLD_KEY).derive(PseudonymKeys.SIGNUP_ADDRESSES);
        try (Connection c = TestDatabases.asApp(db)) {
            assertTrue(new SignUpAddresses(keys).firstFrom(c, "192.0.2.7"));
            assertFalse(new SignUpAddresses(rotated).firstFrom(c, "192.0.2.7"));
            assertTrue(new SignUpAddresses(rotated).firstFrom(c, "192.0.2.9"));
        }
    }

    @Test
    void anAddressIsForgottenNinetyDaysAfterItsFirstSignUp() throws Exception {
        try (Connection c = TestDatabases.asApp(db)) {
            new SignUpAddresses(keys).firstFrom(c, "192.0.2.7");
            new SignUpAddresses(keys).firstFrom(c, "192.0.2.8");
            try (Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE signup_addresses SET first_seen_at = now() - interval '91 days' WHERE address = "
                        + pseudonym("192.0.2.7"));
            }
            assertEquals(1, SignUpAddresses.purgeExpired(c));
            assertEquals(0, SignUpAddresses.purgeExpired(c), "a second instance finds nothing left");
            assertTrue(new SignUpAddresses(keys).firstFrom(c, "192.0.2.7"), "new again, so its sign-up waits for verification");
            assertFalse(new SignUpAddresses(keys).firstFrom(c, "192.0.2.8"));
        }
    }

    /** The address's pseudonym as a bytea literal. */
    private String pseudonym(String address) {
        return "'\\x" + HexFormat.of().formatHex(keys.sign(address.getBytes(StandardCharsets.UTF_8))) + "'";
    }

    private static String single(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
