package ai.humane.status.control;

/** Where the schema is against what this release needs (O1). */
public record SchemaParity(String current, String newest, int pending) {

    public boolean behind() {
        return pending > 0;
    }

    public String describe() {
        return behind()
                ? "Database schema is at version " + current + " but this release needs version " + newest
                        + " (" + pending + " migration(s) pending); run the migrate command (README: Schema migrations)"
                : "Database schema is at version " + current + ", the newest this release ships";
    }
}
