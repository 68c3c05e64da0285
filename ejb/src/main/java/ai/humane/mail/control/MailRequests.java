package ai.humane.mail.control;

/**
 * Carries out the requests a caller queued in the outbox instead of doing their work on its request path: a
 * password reset is one sealed row whatever the address (S2), and its look-up, send budget, link and mail are done
 * here, so neither the answer nor its time tells whether the address has an account. The dispatcher calls this
 * outside any transaction; each request runs in a transaction of its own, is settled once it has committed, and is
 * retried like an undelivered mail when it fails (at least once: a second run queues a second mail).
 */
public interface MailRequests {

    void carryOut(QueuedRequest request);
}
