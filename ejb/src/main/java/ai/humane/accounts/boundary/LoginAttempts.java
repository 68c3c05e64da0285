package ai.humane.accounts.boundary;

import ai.humane.accounts.control.LoginThrottle;
import ai.humane.accounts.control.LoginThrottled;
import ai.humane.crypto.control.PseudonymKeys;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;

/**
 * The throttle's counters (S2), each change committed on its own: an attempt must count even though the sign-in
 * itself answers with an error.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class LoginAttempts {

    @Resource(lookup = "java:app/jdbc/humane")
    DataSource dataSource;

    @Inject
    PseudonymKeys pseudonyms;

    private LoginThrottle throttle;

    @PostConstruct
    void keyed() {
        throttle = new LoginThrottle(pseudonyms.forPurpose(PseudonymKeys.LOGIN_THROTTLE));
    }

    /**
     * Lets one attempt at the account's secret (a password, a second factor's code) be checked, or refuses it with
     * the wait (429): while the client's address or the account waits, or when a racing attempt has just blocked
     * the account. The attempt is counted against the account before it is checked, so requests in flight when a
     * block ends do not each get a guess; {@link #cleared} forgets the count when it succeeds.
     */
    public void admit(String account, String clientIp) {
        try (Connection c = dataSource.getConnection()) {
            throttle.admit(c, LoginThrottle.accountKey(account), List.of(LoginThrottle.addressKey(clientIp)),
                    LoginThrottle.FREE_ACCOUNT_FAILURES, Instant.now()).ifPresent(wait -> {
                        throw new LoginThrottled(wait);
                    });
        } catch (SQLException e) {
            throw new IllegalStateException("Login throttle unavailable", e);
        }
    }

    /** An admitted attempt that was never checked (the bcrypt pool refused it with 503) no longer counts. */
    public void unchecked(String account) {
        try (Connection c = dataSource.getConnection()) {
            throttle.giveBack(c, LoginThrottle.accountKey(account));
        } catch (SQLException e) {
            throw new IllegalStateException("Login throttle unavailable", e);
        }
    }

    /** A failed attempt counts against the client's address (the account's count was taken when it was admitted). */
    public void failed(String clientIp) {
        try (Connection c = dataSource.getConnection()) {
            throttle.fail(c, LoginThrottle.addressKey(clientIp), LoginThrottle.FREE_IP_FAILURES);
        } catch (SQLException e) {
            throw new IllegalStateException("Login throttle unavailable", e);
        }
    }

    /** A success or a completed password reset clears the account's counter (not the address's). */
    public void cleared(String email) {
        try (Connection c = dataSource.getConnection()) {
            throttle.clear(c, LoginThrottle.accountKey(email));
        } catch (SQLException e) {
            throw new IllegalStateException("Login throttle unavailable", e);
        }
    }
}
