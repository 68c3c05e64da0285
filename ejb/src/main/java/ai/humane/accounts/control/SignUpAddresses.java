package ai.humane.accounts.control;

import ai.humane.crypto.control.HmacKeys;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * S7: the client addresses that signed up in the last 90 days. The table has no row-level security and no
 * tenant, so it holds no address: each row is the HMAC of the address under the key derived for this purpose
 * ({@code PseudonymKeys.SIGNUP_ADDRESSES}). An address is remembered from its first sign-up for 90 days, then
 * {@link #purgeExpired} forgets it and its next sign-up waits for e-mail verification again.
 */
public final class SignUpAddresses {

    private static final String REMEMBER = "INSERT INTO signup_addresses (address) VALUES (?) ON CONFLICT DO NOTHING";
    private static final String KNOWN = "SELECT 1 FROM signup_addresses WHERE address = ?";
    private static final String EXPIRED = "DELETE FROM signup_addresses WHERE first_seen_at < now() - interval '90 days'";

    private final HmacKeys pseudonyms;

    /** @param pseudonyms the keys derived for sign-up addresses */
    public SignUpAddresses(HmacKeys pseudonyms) {
        this.pseudonyms = pseudonyms;
    }

    /**
     * Remembers the address, in the caller's transaction; true when no sign-up came from it in the last 90 days
     * (under any key of the ring, so a rotation of HMAC_KEY does not make every address new).
     */
    public boolean firstFrom(Connection c, String clientIp) throws SQLException {
        List<byte[]> each = pseudonyms.signEach(clientIp.getBytes(StandardCharsets.UTF_8));
        try (PreparedStatement remember = c.prepareStatement(REMEMBER)) {
            remember.setBytes(1, each.get(0));
            if (remember.executeUpdate() == 0) {
                return false;
            }
        }
        for (byte[] older : each.subList(1, each.size())) {
            try (PreparedStatement known = c.prepareStatement(KNOWN)) {
                known.setBytes(1, older);
                try (ResultSet row = known.executeQuery()) {
                    if (row.next()) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** Forgets addresses first seen more than 90 days ago; answers how many. Every instance may run it at once. */
    public static int purgeExpired(Connection c) throws SQLException {
        try (PreparedStatement purge = c.prepareStatement(EXPIRED)) {
            return purge.executeUpdate();
        }
    }
}
