package ai.humane.accounts.boundary;

import ai.humane.accounts.control.LoginThrottle;
import ai.humane.crypto.control.PseudonymKeys;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The throttle's counters (S2), each change committed on its own: a failed sign-in must count even
 * though the sign-in itself answers with an error.
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

    public Optional<Duration> blocked(String email, String clientIp) {
        try (Connection c = dataSource.getConnection()) {
            return throttle.blocked(c, List.of(LoginThrottle.accountKey(email), LoginThrottle.addressKey(clientIp)),
                    Instant.now());
        } catch (SQLException e) {
            throw new IllegalStateException("Login throttle unavailable", e);
        }
    }

    public void failed(String email, String clientIp) {
        try (Connection c = dataSource.getConnection()) {
            Instant now = Instant.now();
            throttle.fail(c, LoginThrottle.accountKey(email), LoginThrottle.FREE_ACCOUNT_FAILURES, now);
            throttle.fail(c, LoginThrottle.addressKey(clientIp), LoginThrottle.FREE_IP_FAILURES, now);
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
