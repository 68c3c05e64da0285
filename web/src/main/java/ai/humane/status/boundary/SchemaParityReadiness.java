package ai.humane.status.boundary;

import ai.humane.status.control.SchemaMigrations;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while the database is at the schema version this release needs, or ahead of it (O1): during an
 * upgrade the new release's migrations run first and the old replicas keep serving until they are replaced (the
 * status page calls the schema degraded meanwhile). Behind it, or with a refused boot, never. The versions stay
 * out of the public answer (they date the release); the boot log names both when they differ.
 */
@Readiness
@ApplicationScoped
public class SchemaParityReadiness implements HealthCheck {

    @Resource(lookup = "java:app/jdbc/humane")
    DataSource dataSource;

    @Inject
    StartupChecks startup;

    @Override
    public HealthCheckResponse call() {
        String expected = startup.newestVersion();
        try (Connection connection = dataSource.getConnection()) {
            String current = SchemaMigrations.currentVersion(connection);
            return HealthCheckResponse.named("schema").status(SchemaMigrations.serves(current, expected)).build();
        } catch (SQLException e) {
            return HealthCheckResponse.named("schema").down().build();
        }
    }
}
