package ai.humane.tenancy.boundary;

import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.ejb.Singleton;

/**
 * The application's connection pool to PostgreSQL as the runtime role (which owns nothing and cannot bypass
 * row-level security, T1), declared here once for the WAR and the EAR alike (settings from DB_URL, DB_USER,
 * DB_PASSWORD through MicroProfile Config): transactional, behind JPA and every boundary. (A1's rate counters
 * had a non-transactional pool of their own until they moved to the data grid.)
 * A singleton only so that the container reads the definitions; it has no behaviour.
 */
@Singleton
@DataSourceDefinition(
        name = "java:app/jdbc/humane",
        className = "org.postgresql.ds.PGSimpleDataSource",
        url = "${MPCONFIG=db.url}",
        user = "${MPCONFIG=db.user}",
        password = "${MPCONFIG=db.password}",
        minPoolSize = 2,
        maxPoolSize = 40,
        properties = {"stringType=unspecified", "fish.payara.is-connection-validation-required=true",
                "fish.payara.connection-validation-method=auto-commit"})
public class DataSources {
}
