package ai.humane.testing;

import java.net.URL;

/**
 * What every HTTP test class shares: the one Payara Micro of the test run ({@link TestServer}) and the URL
 * it listens at. Each test creates its own tenants, so classes run in any order against the same server.
 */
public abstract class HttpTest {

    protected final URL deployment = TestServer.url();
}
