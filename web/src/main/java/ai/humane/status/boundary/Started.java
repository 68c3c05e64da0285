package ai.humane.status.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

/** Started once the boot checks passed: they run before the deployment completes. */
@Startup
@ApplicationScoped
public class Started implements HealthCheck {

    @Inject
    StartupChecks startup;

    @Override
    public HealthCheckResponse call() {
        // No data: health answers are public, and which environment this is tells an attacker what is relaxed.
        return HealthCheckResponse.named("humane").status(startup.newestVersion() != null).build();
    }
}
