package ai.humane.publicapi.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.testing.FromAddress;
import ai.humane.testing.HttpTest;
import ai.humane.testing.Rows;
import jakarta.json.JsonArray;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The public endpoints, each test from an address of its own so the 60/min limit stays out of the way. */
class PublicApiIT extends HttpTest {

    private FromAddress visitor;

    @BeforeEach
    void visitor() {
        visitor = new FromAddress(FromAddress.fresh(), deployment.getPort());
    }

    @Test
    void theFaqIsSearchedByRank() {
        FromAddress.Reply reply = visitor.get("api/v1/public/faq?q=rate%20limits", Map.of());
        assertEquals(200, reply.status(), reply.toString());
        JsonArray data = reply.json().getJsonArray("data");
        assertEquals(3, data.getJsonObject(0).getInt("id"), reply.body());
        assertEquals(0, visitor.get("api/v1/public/faq?q=zebra%20xylophone", Map.of()).body().indexOf("{\"data\":[]"));
        assertEquals(400, visitor.get("api/v1/public/faq?q=" + "a".repeat(201), Map.of()).status());
        assertEquals(200, visitor.get("api/v1/public/faq?q=%22unbalanced%20%26%20%7C%20!(", Map.of()).status());
    }

    @Test
    void theWaitlistKeepsOneNormalisedAddressAndAcceptsDuplicatesQuietly() {
        String local = "wait-" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(202, visitor.send("POST", "api/v1/public/waitlist", Map.of(),
                "{\"email\":\"  " + local.toUpperCase() + "@Example.TEST \"}").status());
        assertEquals(202, visitor.send("POST", "api/v1/public/waitlist", Map.of(), "{\"email\":\"" + local + "@example.test\"}")
                .status());
        assertEquals("1", Rows.single("SELECT count(*)::text FROM waitlist WHERE email = ?", local + "@example.test"));
        assertEquals(400, visitor.send("POST", "api/v1/public/waitlist", Map.of(), "{\"email\":\"not an address\"}").status());
        assertEquals(400, visitor.send("POST", "api/v1/public/waitlist", Map.of(), "{\"email\":\"a@b.test\",\"x\":1}").status());
    }

    @Test
    void aSupportRequestIsStoredAndMailedToSupport() {
        String marker = UUID.randomUUID().toString();
        FromAddress.Reply reply = visitor.send("POST", "api/v1/public/support", Map.of(),
                "{\"email\":\"Visitor@Example.test\",\"message\":\"Help " + marker + "\"}");
        assertEquals(202, reply.status(), reply.toString());
        assertEquals("visitor@example.test", Rows.single("SELECT email FROM support_requests WHERE message = ?", "Help " + marker));
        String id = reply.json().getString("id");
        String mail = ai.humane.testing.Mailbox.bodyOf("support@humane.ai", "Support request " + id);
        assertTrue(mail.contains(marker) && mail.contains("visitor@example.test"), mail);
        assertEquals(400, visitor.send("POST", "api/v1/public/support", Map.of(), "{\"email\":\"a@b.test\",\"message\":\"\"}")
                .status());
    }
}
