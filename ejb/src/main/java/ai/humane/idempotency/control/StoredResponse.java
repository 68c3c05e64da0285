package ai.humane.idempotency.control;

/** The first answer, as much of it as a replay needs. */
public record StoredResponse(int status, String contentType, String location, byte[] body) {
}
