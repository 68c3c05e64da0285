package ai.humane.tenancy.control;

import java.util.List;

/** The database does not keep tenants apart; the application refuses to start. */
public class TenancyWallBreach extends IllegalStateException {

    public TenancyWallBreach(List<String> breaches) {
        super("Refusing to start, tenant isolation (T1) is not enforced by the database: " + String.join("; ", breaches));
    }
}
