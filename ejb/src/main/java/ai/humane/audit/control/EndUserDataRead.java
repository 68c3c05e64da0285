package ai.humane.audit.control;

/**
 * One {@code end_user_data.read} (O6) as {@link EndUserDataReads} records it: the kind of data, the resource named
 * (an end user, the tenant for a list, a webhook delivery), and how many were read. Never any content.
 */
public record EndUserDataRead(String kind, String resourceType, String resourceId, int count) {
}
