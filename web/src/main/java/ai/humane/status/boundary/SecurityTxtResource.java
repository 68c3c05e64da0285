package ai.humane.status.boundary;

import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * RFC 9116 disclosure file (O5). {@code Expires} must stay under a year ahead, so it is computed:
 * the file always promises the next 180 days from the first of the current month.
 */
@Dependent
@Path(".well-known/security.txt")
@PermitAll
public class SecurityTxtResource {

    @Inject
    @ConfigProperty(name = "security.contact")
    String contact;

    @Inject
    @ConfigProperty(name = "security.policy")
    String policy;

    @Inject
    @ConfigProperty(name = "public.base.url")
    String baseUrl;

    @GET
    @Produces("text/plain; charset=utf-8")
    public String securityTxt() {
        LocalDate expires = LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1).plusDays(180);
        return "Contact: " + contact + "\n"
                + "Expires: " + expires + "T00:00:00Z\n"
                + "Policy: " + policy + "\n"
                + "Preferred-Languages: en\n"
                + "Canonical: " + baseUrl + "/.well-known/security.txt\n";
    }
}
