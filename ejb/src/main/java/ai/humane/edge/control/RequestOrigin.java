package ai.humane.edge.control;

import jakarta.enterprise.context.RequestScoped;

/**
 * Where the current request came from, for the business components that record it (the audit log,
 * sessions, sign-in throttling). Filled by the web module with the client address as TRUSTED_PROXIES
 * lets it be known: the connection's peer, or what a trusted proxy forwarded.
 */
@RequestScoped
public class RequestOrigin {

    private static final int MAX_IP = 100;
    private static final int MAX_USER_AGENT = 500;

    private String ip;
    private String userAgent;

    public void record(String ip, String userAgent) {
        this.ip = clip(ip, MAX_IP);
        this.userAgent = clip(userAgent, MAX_USER_AGENT);
    }

    /** The client address, or null outside a request. */
    public String ip() {
        return ip;
    }

    public String userAgent() {
        return userAgent;
    }

    private static String clip(String value, int max) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        return value.length() > max ? value.substring(0, max) : value;
    }
}
