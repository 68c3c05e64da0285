package ai.humane.audit.control;

/**
 * What the chain says of a kept checkpoint at {@code seq}: whether the events from the retention anchor up to its seq verify under
 * the database's key, and whether the chain still reaches that seq with that hash. Valid but not matching is a chain
 * rewritten consistently, by someone who could read the key.
 */
public record CheckpointHeld(long seq, boolean valid, boolean matches) {
}
