package ai.humane.problems.control;

import jakarta.ejb.ApplicationException;

/**
 * A failure the caller can act on. The {@code problems} feature of the web module turns every one
 * into {@code application/problem+json} (RFC 9457); {@code slug} ends its {@code type}.
 */
@ApplicationException(rollback = true, inherited = true)
public abstract class Problem extends RuntimeException {

    private final int status;
    private final String slug;
    private final String title;

    protected Problem(int status, String slug, String title, String detail) {
        super(detail);
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    /** Headers the answer must carry, such as Retry-After. */
    public java.util.Map<String, String> headers() {
        return java.util.Map.of();
    }
}
