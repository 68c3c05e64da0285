package ai.humane.local;

import java.util.Map;

/**
 * Where the database is and the two roles that use it: the owner, which runs migrations and owns
 * every table, and the runtime role of the application, which owns nothing and cannot bypass
 * row-level security.
 */
public record DatabaseSettings(String url, String ownerUser, String ownerPassword, String appUser, String appPassword) {

    /** The environment the application reads (design.md: secrets only from the environment). */
    public Map<String, String> environment() {
        return Map.of(
                "DB_URL", url,
                "DB_USER", appUser,
                "DB_PASSWORD", appPassword,
                "DB_MIGRATION_USER", ownerUser,
                "DB_MIGRATION_PASSWORD", ownerPassword);
    }

    /** The settings given in the environment, or null when DB_URL is not set. */
    public static DatabaseSettings fromEnvironment(Map<String, String> env) {
        String url = env.get("DB_URL");
        if (url == null || url.isBlank()) {
            return null;
        }
        return new DatabaseSettings(url, env.getOrDefault("DB_MIGRATION_USER", ""),
                env.getOrDefault("DB_MIGRATION_PASSWORD", ""), env.getOrDefault("DB_USER", ""),
                env.getOrDefault("DB_PASSWORD", ""));
    }

    @Override
    public String toString() {
        return "DatabaseSettings[url=" + url + ", owner=" + ownerUser + ", app=" + appUser + "]";
    }
}
