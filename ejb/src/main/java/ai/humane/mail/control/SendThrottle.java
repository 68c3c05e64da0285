package ai.humane.mail.control;

import ai.humane.optouts.boundary.EmailLinks;
import ai.humane.outbound.control.PublicUrlGuard;
import ai.humane.ratelimit.control.RateLimited;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps Humane from being used as a weapon: e-mail prompted by a caller (password resets, invitations) is
 * counted per recipient address and per tenant, and webhook test events per receiver (its host and port) and per tenant,
 * each against a ceiling from MicroProfile Config. Counts are shared by every instance (PostgreSQL) and keyed
 * by HMACs ({@link SendKeys}), never by an address. A refusal is logged without the address; what the caller
 * is told is the caller's choice: nothing for a password reset (202 whatever the address), 429 otherwise.
 */
@ApplicationScoped
public class SendThrottle {

    private static final Logger LOG = Logger.getLogger(SendThrottle.class.getName());
    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Set<MailKind> ANYONE_PROMPTS = EnumSet.of(MailKind.PASSWORD_RESET, MailKind.SIGN_UP_ATTEMPTED,
            MailKind.VERIFY_EMAIL);

    @Resource(lookup = "java:app/jdbc/humane")
    DataSource dataSource;

    @Inject
    EmailLinks emailLinks;

    @Inject
    @ConfigProperty(name = "mail.throttle.per-recipient-per-hour", defaultValue = "5")
    int mailsPerRecipient;

    @Inject
    @ConfigProperty(name = "mail.throttle.per-tenant-per-hour", defaultValue = "100")
    int mailsPerTenant;

    @Inject
    @ConfigProperty(name = "mail.throttle.notices-per-recipient-per-hour", defaultValue = "10")
    int noticesPerRecipient;

    @Inject
    @ConfigProperty(name = "webhooks.test.per-receiver-per-minute", defaultValue = "10")
    int testsPerReceiver;

    @Inject
    @ConfigProperty(name = "webhooks.test.per-tenant-per-hour", defaultValue = "100")
    int testsPerTenant;

    private final SendBudgets budgets = new SendBudgets();
    private SendKeys keys;

    public SendThrottle() {
    }

    /**
     * Ceilings: mails per recipient and per tenant an hour, test events per receiver a minute and per tenant an hour,
     * security notices per recipient an hour.
     */
    SendThrottle(DataSource dataSource, SendKeys keys, int... ceilings) {
        this.dataSource = dataSource;
        this.keys = keys;
        this.mailsPerRecipient = ceilings[0];
        this.mailsPerTenant = ceilings[1];
        this.testsPerReceiver = ceilings[2];
        this.testsPerTenant = ceilings[3];
        this.noticesPerRecipient = ceilings[4];
    }

    @PostConstruct
    void loadKeys() {
        keys = new SendKeys(emailLinks.keys());
    }

    /**
     * Spends one e-mail to {@code recipient} for {@code tenant}; the caller sends nothing when it is refused. A mail
     * anyone may prompt without signing in (a password reset, a sign-up's verification, a sign-up attempted with the
     * address) spends the recipient's budget only: counted against the tenant's too, twenty addresses of its members,
     * five resets each, used the tenant's hundred, and every member's own reset sent nothing for the rest of the hour.
     * Password resets have a recipient's budget of their own, which sign-ups and invitations cannot spend: sharing
     * one, five sign-ups with a person's address (anonymous, answered 202) silenced that person's own reset for the hour.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public SendBudgets.Verdict mail(MailKind kind, UUID tenant, String recipient) {
        Spend perRecipient = kind == MailKind.PASSWORD_RESET
                ? new Spend("password resets per recipient address", keys.resetRecipient(recipient), mailsPerRecipient, HOUR)
                : new Spend("per recipient address", keys.recipient(recipient), mailsPerRecipient, HOUR);
        return ANYONE_PROMPTS.contains(kind) ? spend(kind.slug(), tenant, perRecipient) : spend(kind.slug(), tenant,
                perRecipient, new Spend("per tenant", keys.of("mail-tenant", tenant.toString()), mailsPerTenant, HOUR));
    }

    /**
     * Spends one security notice to {@code recipient} (an account's deletion asked or cancelled, a second factor
     * changed), from a budget of their own per recipient: a notice goes to the account's own address, prompted by the
     * account's holder, so the sign-in and reset budgets, which anyone can spend, cannot silence it, while the holder
     * of an account made with someone else's address cannot flood that inbox through it either (before, these went
     * unbudgeted: a request and a cancellation of an account's deletion in a loop mailed its owner each time).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public SendBudgets.Verdict notice(MailKind kind, UUID tenant, String recipient) {
        return spend(kind.slug(), tenant, new Spend("security notices per recipient address",
                keys.noticeRecipient(recipient), noticesPerRecipient, HOUR));
    }

    /** As {@link #mail}, and a refusal is 429 {@code rate-limited} with Retry-After. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void mailOrRefuse(MailKind kind, UUID tenant, String recipient) {
        refuseUnless(mail(kind, tenant, recipient));
    }

    /** Spends one webhook test event to the receiver at {@code url}; 429 with Retry-After past a ceiling. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void webhookTestOrRefuse(UUID tenant, String url) {
        refuseUnless(spend("webhook.test", tenant,
                new Spend("per receiver", keys.of("webhook-test-receiver", PublicUrlGuard.server(url)), testsPerReceiver,
                        MINUTE),
                new Spend("per tenant", keys.of("webhook-test-tenant", tenant.toString()), testsPerTenant, HOUR)));
    }

    /** Spends each budget in turn; the first one used up refuses, and the later ones are not spent. */
    private SendBudgets.Verdict spend(String what, UUID tenant, Spend... spends) {
        try (Connection db = dataSource.getConnection()) {
            for (Spend spend : spends) {
                SendBudgets.Verdict verdict = budgets.spend(db, spend.key(), spend.ceiling(), spend.window());
                if (!verdict.allowed()) {
                    LOG.info(() -> "Send budget " + spend.budget() + " used up: " + what + " of tenant " + tenant
                            + " not sent");
                    return verdict;
                }
            }
            return SendBudgets.Verdict.ALLOWED;
        } catch (SQLException e) {
            throw new IllegalStateException("The send budget could not be counted", e);
        }
    }

    private static void refuseUnless(SendBudgets.Verdict verdict) {
        if (!verdict.allowed()) {
            throw new RateLimited(verdict.retryAfterSeconds());
        }
    }

    private record Spend(String budget, byte[] key, int ceiling, Duration window) {
    }
}
