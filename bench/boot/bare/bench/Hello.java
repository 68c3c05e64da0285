package bench;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.MediaType;

/** The bare server's one resource: GET /hello answers 200 "hello" (bench/boot/run.sh). */
@Path("hello")
public class Hello {

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String hello() {
        return "hello";
    }

    /** JAX-RS at the site root, as Humane's API is. */
    @ApplicationPath("/")
    public static class Root extends Application {
    }
}
