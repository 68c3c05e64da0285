package ai.humane.sessions.boundary;

import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** S4: the public keys, current and previous, that verify access tokens; rotation needs no client restart. */
@Dependent
@Path(".well-known/jwks.json")
@PermitAll
public class JwksResource {

    @Inject
    AccessTokenKeys keys;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String jwks() {
        return keys.publicJwks();
    }
}
