package ai.humane.publicapi.control;

/** One answered question; {@code rank} is the full-text rank for the query (0 when listing all). */
public record FaqEntry(int id, String question, String answer, double rank) {
}
