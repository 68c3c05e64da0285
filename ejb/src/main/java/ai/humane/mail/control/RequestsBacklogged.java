package ai.humane.mail.control;

import ai.humane.problems.control.RetryLater;

/**
 * As many requests wait in the outbox as may ({@link MailQueue#MOST_REQUESTS_WAITING}): a flood of password reset
 * requests is running. Refused for every address alike, so it tells nothing about any; retry shortly.
 */
public class RequestsBacklogged extends RetryLater {

    public RequestsBacklogged() {
        super(503, "overloaded", "Overloaded", "Too many requests of this kind are waiting; retry shortly", 30);
    }
}
