package ai.humane.testing;

import java.net.URL;
import org.junit.jupiter.api.BeforeAll;

/**
 * What every HTTP test class shares: the one Payara Micro of the test run ({@link TestServer}) and the URL
 * it listens at. Each test creates its own tenants, so classes run in any order against the same server.
 */
public abstract class HttpTest {

    protected final URL deployment = TestServer.url();

    /**
     * Every class starts with no failed sign-ins counted: all come from 127.0.0.1, and its 20 an hour (S2) would
     * otherwise be shared by every class of the run, so whether a class's sign-ins were refused would depend on
     * which classes ran before it and what they left.
     */
    @BeforeAll
    static void noFailedSignInsCounted() {
        TestServer.url();
        People.forgetLoopback();
    }
}
