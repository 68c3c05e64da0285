package ai.humane.optouts.control;

import ai.humane.problems.control.Problem;

/**
 * A genuine link past its 30 days (K4): 410, because it did work once and never will again, which tells
 * the reader to use a newer e-mail rather than to fix the link.
 */
public class TokenExpired extends Problem {

    public TokenExpired() {
        super(410, "token-expired", "Token expired",
                "The link has expired: links in e-mails work for 30 days; use the link in a newer e-mail");
    }
}
