package ai.humane.tenancy.boundary;

import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.ejb.Singleton;

/**
 * The application's two connection pools to PostgreSQL, both as the runtime role (which owns nothing and
 * cannot bypass row-level security, T1), declared here once for the WAR and the EAR alike (settings from
 * DB_URL, DB_USER, DB_PASSWORD through MicroProfile Config). {@code java:app/jdbc/humane} is transactional
 * and behind JPA and every boundary; {@code java:app/jdbc/humane-counters} is not, so that a rate-limit
 * count commits at once and never waits for, or rolls back with, the request's transaction (A1).
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
@DataSourceDefinition(
        name = "java:app/jdbc/humane-counters",
        className = "org.postgresql.ds.PGSimpleDataSource",
        url = "${MPCONFIG=db.url}",
        user = "${MPCONFIG=db.user}",
        password = "${MPCONFIG=db.password}",
        transactional = false,
        minPoolSize = 2,
        maxPoolSize = 20,
        properties = {"stringType=unspecified", "fish.payara.is-connection-validation-required=true",
                "fish.payara.connection-validation-method=auto-commit"})
public class DataSources {
}
