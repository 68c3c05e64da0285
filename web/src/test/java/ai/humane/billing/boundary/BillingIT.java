package ai.humane.billing.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.accounts.control.TenantProvisioning;
import ai.humane.testing.Api;
import ai.humane.testing.Browser;
import ai.humane.testing.Fixtures;
import ai.humane.testing.HttpTest;
import ai.humane.testing.People;
import ai.humane.testing.Rows;
import ai.humane.testing.Tenants;
import jakarta.json.JsonObject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Plans (A1) and the payment method (K3) over HTTP: the public price list, an owner's plan change felt by the
 * limiter from the next request and audited with before and after, a payment token sealed and never answered
 * or audited; every refusal stores nothing.
 */
class BillingIT extends HttpTest {

    private final Api api = new Api(deployment);

    @Test
    void pricingIsPublicAndPublishesTheCeilingsTheLimiterApplies() {
        Api.Answer pricing = api.get("api/v1/public/pricing", null);
        assertEquals(200, pricing.status(), pricing.body());
        var plans = pricing.json().getJsonArray("data");
        assertEquals(4, plans.size());
        JsonObject free = plans.getJsonObject(0);
        assertEquals("free", free.getString("plan"));
        assertEquals(300, free.getInt("requests_per_minute")); // RATELIMIT_PLAN_FREE of the test server
        assertFalse(free.getBoolean("baa_available"));
        JsonObject scale = plans.getJsonObject(2);
        assertEquals("scale", scale.getString("plan"));
        assertEquals(600, scale.getInt("requests_per_minute"));
        assertTrue(scale.getBoolean("baa_available"));
        assertTrue(pricing.header("RateLimit-Policy").startsWith("\"public\""), pricing.header("RateLimit-Policy"));
    }

    @Test
    void anOwnersPlanChangeHoldsFromTheNextRequestAndIsAudited() {
        TenantProvisioning.Provisioned tenant = Tenants.create("Upgrade");
        // Each credential's lookup reads the plan: a key, a session and an access token all see the change.
        Browser owner = Browser.signIn(api, People.member(tenant.tenantId(), "owner"), People.PASSWORD);
        Api.Answer issued = api.post("api/v1/auth/token", tenant.apiKey(), "");
        assertEquals(200, issued.status(), issued.body());
        String token = issued.json().getString("access_token");
        assertEquals("\"default\";q=300;w=60", api.get("api/v1/billing", tenant.apiKey()).header("RateLimit-Policy"));
        assertEquals("\"default\";q=300;w=60", owner.get("api/v1/billing").header("RateLimit-Policy"));
        assertEquals("\"default\";q=300;w=60", api.get("api/v1/billing", token).header("RateLimit-Policy"));
        Api.Answer changed = put("api/v1/billing/plan", tenant.apiKey(), "{\"plan\":\"scale\"}");
        assertEquals(200, changed.status(), changed.body());
        assertEquals("scale", changed.json().getString("plan"));
        assertEquals(600, changed.json().getJsonObject("ceilings").getInt("requests_per_minute"));
        assertEquals("\"default\";q=600;w=60", api.get("api/v1/billing", tenant.apiKey()).header("RateLimit-Policy"));
        assertEquals("\"default\";q=600;w=60", owner.get("api/v1/billing").header("RateLimit-Policy"));
        assertEquals("\"default\";q=600;w=60", api.get("api/v1/billing", token).header("RateLimit-Policy"),
                "an access token's standing reads the plan too");
        assertEquals("{\"plan\": \"free\"}|{\"plan\": \"scale\"}", Rows.single("SELECT before::text || '|' || after::text"
                + " FROM admin_audit_events WHERE tenant_id = ? AND action = 'billing.plan_changed'", tenant.tenantId()));
    }

    @Test
    void badPlanChangesAreRefusedAndChangeNothing() {
        TenantProvisioning.Provisioned tenant = Tenants.create("BadPlan");
        assertEquals(400, put("api/v1/billing/plan", tenant.apiKey(), "{\"plan\":").status());
        Api.Answer unknown = put("api/v1/billing/plan", tenant.apiKey(), "{\"plan\":\"gold\"}");
        assertEquals(400, unknown.status(), unknown.body());
        assertTrue(unknown.body().contains("\"plan\""), unknown.body());
        assertEquals(400, put("api/v1/billing/plan", tenant.apiKey(), "{\"plan\":\"" + "p".repeat(21) + "\"}").status());
        assertEquals(413, put("api/v1/billing/plan", tenant.apiKey(), "{\"plan\":\"" + "p".repeat(1_100_000) + "\"}").status());
        assertEquals(400, put("api/v1/billing/plan", tenant.apiKey(), "{\"plan\":\"pro\",\"plan\":\"scale\"}").status());
        assertEquals("free", plan(tenant.tenantId()));
        assertEquals("0", Rows.single("SELECT count(*)::text FROM admin_audit_events WHERE tenant_id = ?"
                + " AND action LIKE 'billing.%'", tenant.tenantId()));
    }

    @Test
    void onlyTheOwnerChangesBillingAndOnlyOfTheirOwnTenant() {
        TenantProvisioning.Provisioned tenant = Tenants.create("OwnerOnly");
        TenantProvisioning.Provisioned other = Tenants.create("Other");
        String admin = new Fixtures(api, tenant.apiKey()).apiKey("[\"read\",\"write\"]");
        Rows.execute("UPDATE api_keys SET role = 'admin' WHERE tenant_id = ? AND name = 'test key'", tenant.tenantId());
        assertEquals(401, put("api/v1/billing/plan", null, "{\"plan\":\"pro\"}").status());
        assertEquals(401, put("api/v1/billing/plan", "hk_live_madeup", "{\"plan\":\"pro\"}").status());
        Api.Answer byAdmin = put("api/v1/billing/plan", admin, "{\"plan\":\"pro\"}");
        assertEquals(403, byAdmin.status(), byAdmin.body());
        assertEquals(403, put("api/v1/billing/payment-method", admin, card("tok_admin", "visa", "4242")).status());
        assertEquals(403, api.get("api/v1/billing", admin).status());
        assertEquals(200, put("api/v1/billing/plan", other.apiKey(), "{\"plan\":\"enterprise\"}").status());
        assertEquals("free", plan(tenant.tenantId()));
        assertEquals("free", api.get("api/v1/billing", tenant.apiKey()).json().getString("plan"));
    }

    @Test
    void aPaymentTokenIsSealedNeverAnsweredAndAuditedAsBrandAndLastFourOnly() {
        TenantProvisioning.Provisioned tenant = Tenants.create("Card");
        String token = "tok_" + UUID.randomUUID();
        Api.Answer first = put("api/v1/billing/payment-method", tenant.apiKey(), card(token, "visa", "4242"));
        assertEquals(200, first.status(), first.body());
        assertEquals("visa", first.json().getJsonObject("payment_method").getString("brand"));
        assertEquals("4242", first.json().getJsonObject("payment_method").getString("last4"));
        assertFalse(first.body().contains(token));
        String second = "tok_" + UUID.randomUUID();
        assertEquals(200, put("api/v1/billing/payment-method", tenant.apiKey(), card(second, "mastercard", "4444")).status());
        String stored = Rows.single("SELECT payment_token FROM tenants WHERE id = ?", tenant.tenantId());
        assertTrue(stored.startsWith("gAAAAA"), "a Fernet token: " + stored);
        assertFalse(stored.contains(second));
        assertFalse(api.get("api/v1/billing", tenant.apiKey()).body().contains("tok_"));
        String audit = Rows.single("SELECT string_agg(coalesce(before::text, '') || '>' || after::text, ' ' ORDER BY seq)"
                + " FROM admin_audit_events WHERE tenant_id = ? AND action = 'billing.payment_method_changed'",
                tenant.tenantId());
        assertEquals("{}>{\"brand\": \"visa\", \"last4\": \"4242\"} "
                + "{\"brand\": \"visa\", \"last4\": \"4242\"}>{\"brand\": \"mastercard\", \"last4\": \"4444\"}", audit);
        assertFalse(Rows.single("SELECT string_agg(t::text, ' ') FROM admin_audit_events t WHERE tenant_id = ?",
                tenant.tenantId()).contains("tok_"));
    }

    @Test
    void badPaymentMethodsAreRefusedAndStoreNothing() {
        TenantProvisioning.Provisioned tenant = Tenants.create("BadCard");
        String path = "api/v1/billing/payment-method";
        assertEquals(400, put(path, tenant.apiKey(), card("tok_1", "visa", "42424")).status());
        assertEquals(400, put(path, tenant.apiKey(), card("tok_1", "Visa Card", "4242")).status());
        assertEquals(400, put(path, tenant.apiKey(), card("tok with space", "visa", "4242")).status());
        assertEquals(400, put(path, tenant.apiKey(), card("t".repeat(2049), "visa", "4242")).status());
        assertEquals(400, put(path, tenant.apiKey(), "{\"token\":\"tok_1\",\"brand\":\"visa\"}").status());
        assertEquals(400, put(path, tenant.apiKey(), "[]").status());
        assertEquals(413, put(path, tenant.apiKey(), card("t".repeat(1_100_000), "visa", "4242")).status());
        assertNull(Rows.single("SELECT payment_token FROM tenants WHERE id = ?", tenant.tenantId()));
    }

    static String card(String token, String brand, String last4) {
        return "{\"token\":\"" + token + "\",\"brand\":\"" + brand + "\",\"last4\":\"" + last4 + "\"}";
    }

    static String plan(UUID tenant) {
        return Rows.single("SELECT plan FROM tenants WHERE id = ?", tenant);
    }

    private Api.Answer put(String path, String key, String json) {
        return api.send(path, key, "PUT", "application/json", json);
    }
}
