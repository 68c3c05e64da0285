package ai.humane.status.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.testing.Api;
import ai.humane.testing.HumaneDeployment;
import ai.humane.testing.TestPlatform;
import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

@HumaneDeployment
@RunAsClient
class PublicEndpointsIT {

    @ArquillianResource
    URL deployment;

    @Deployment(testable = false)
    static WebArchive war() {
        return TestPlatform.war();
    }

    @Test
    void readinessReportsDatabaseAndSchemaParity() {
        Api.Answer ready = new Api(deployment).get("health/ready", null);
        assertEquals(200, ready.status(), ready.body());
        assertTrue(ready.body().contains("\"schema\""), ready.body());
        assertTrue(ready.body().contains("\"database\""), ready.body());
    }
}
