package ai.humane.status.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.local.DatabaseSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Alerts (O2): an outage is mailed once when it has lasted the configured number of probes, its recovery once;
 * a certificate under 14 days once a day until renewed, then its renewal once.
 */
class StatusAlertsTest {

    private final DatabaseSettings db = StatusDatabase.migrated();
    private final List<String> mailed = new ArrayList<>();
    /**
     * Stopped: the alerts' day is the one this test backdates from, even when the test runs across midnight (UTC), where
     * a running clock would see the day turn between two rounds and mail "once today" twice.
     */
    private final Clock clock = Clock.fixed(Instant.now(), ZoneOffset.UTC);
    private final StatusAlerts alerts = new StatusAlerts(3, (c, subject, body) -> mailed.add(subject), clock);
    private long slot = 1000;

    @Test
    void anOutageIsMailedOnceAfterThreeProbesAndItsRecoveryOnce() throws Exception {
        try (Connection c = StatusDatabase.app(db)) {
            round(c, Check.failed(Component.WEBHOOKS, "backlog"));
            round(c, Check.failed(Component.WEBHOOKS, "backlog"));
            round(c, Check.of(Component.WEBHOOKS, State.OPERATIONAL, 0));
            round(c, Check.failed(Component.WEBHOOKS, "backlog"));
            round(c, Check.failed(Component.WEBHOOKS, "backlog"));
            assertEquals(List.of(), mailed, "two in a row, then two more: no spell of three yet");
            round(c, Check.failed(Component.WEBHOOKS, "backlog"));
            round(c, Check.failed(Component.WEBHOOKS, "backlog"));
            round(c, Check.failed(Component.WEBHOOKS, "backlog"));
            assertEquals(List.of("[Humane status] Webhook delivery: outage"), mailed, "one mail for the spell");
            round(c, Check.of(Component.WEBHOOKS, State.DEGRADED, 200));
            round(c, Check.of(Component.WEBHOOKS, State.OPERATIONAL, 0));
            assertEquals(List.of("[Humane status] Webhook delivery: outage", "[Humane status] Webhook delivery: recovered"),
                    mailed);
        }
    }

    @Test
    void aCertificateUnderFourteenDaysIsMailedDailyUntilRenewed() throws Exception {
        try (Connection c = StatusDatabase.app(db)) {
            round(c, certificate(10.0));
            round(c, certificate(10.0));
            assertEquals(List.of("[Humane status] TLS certificate expires in 10 days"), mailed, "once today");
            // The day before the alerts' UTC day. current_date is the session's zone's (the JVM's): east of Greenwich,
            // between the zone's midnight and UTC's, a day ahead, so "yesterday" was today and nothing was mailed again.
            try (PreparedStatement yesterday = c.prepareStatement(
                    "UPDATE status_alerts SET certificate_alerted_on = ? WHERE component = 'certificate'")) {
                yesterday.setObject(1, LocalDate.now(clock).minusDays(1));
                yesterday.executeUpdate();
            }
            round(c, certificate(9.0));
            assertEquals(2, mailed.size(), "again the next day");
            assertTrue(mailed.get(1).endsWith("expires in 9 days"), mailed.get(1));
            round(c, certificate(90.0));
            round(c, certificate(90.0));
            assertEquals("[Humane status] TLS certificate renewed", mailed.get(2));
            assertEquals(3, mailed.size());
        }
    }

    private static Check certificate(double days) {
        return new Check(Component.CERTIFICATE, days < 14 ? State.DEGRADED : State.OPERATIONAL, days, "expires soon");
    }

    private void round(Connection c, Check check) throws Exception {
        StatusRounds rounds = new StatusRounds();
        rounds.claim(c, ++slot, 60, UUID.randomUUID());
        rounds.record(c, slot, List.of(check));
        alerts.after(c, List.of(check));
    }

}
