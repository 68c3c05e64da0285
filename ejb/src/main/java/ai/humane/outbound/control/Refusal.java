package ai.humane.outbound.control;

/** Why a URL was refused, coarse enough to count and test against; the client sees the reason text. */
public enum Refusal {
    MALFORMED,
    SCHEME,
    USER_INFO,
    NUMERIC_HOST,
    INTERNAL_NAME,
    UNRESOLVABLE,
    NON_PUBLIC_ADDRESS
}
