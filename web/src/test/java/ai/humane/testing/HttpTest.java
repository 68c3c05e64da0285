package ai.humane.testing;

import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * What every HTTP test class shares: the WAR Arquillian deploys on Payara Micro and the URL it listens
 * at. Subclasses carry {@link HumaneDeployment} and {@code @RunAsClient}.
 */
public abstract class HttpTest {

    @ArquillianResource
    protected URL deployment;

    @Deployment(testable = false)
    public static WebArchive war() {
        return TestPlatform.war();
    }
}
