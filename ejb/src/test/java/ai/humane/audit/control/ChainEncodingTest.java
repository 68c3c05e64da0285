package ai.humane.audit.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The encoding of one event: every field counts, field boundaries cannot be shifted, and version 1 stays put. */
class ChainEncodingTest {

    private static final UUID TENANT = UUID.fromString("00000000-0000-4000-8000-000000000001");
    private static final UUID ACTOR = UUID.fromString("00000000-0000-4000-8000-000000000002");
    private static final Instant AT = Instant.parse("2026-11-29T10:15:30.123456Z");

    private static final ChainEncoding LINK = new ChainEncoding(TENANT, 7, AuditActor.user(ACTOR), "api_key.revoked", "api_key",
            "k1", "{\"revoked_at\": null}", "{\"revoked_at\": \"2026-11-29T10:15:30Z\"}", "192.0.2.7", AT, ChainEncoding.genesis());

    /** Computed independently from the encoding described on ChainEncoding (not by this code): changing it orphans every stored chain. */
    @Test
    void theEncodingIsPinnedSoStoredChainsKeepVerifying() {
        assertEquals("fb18b712b57dbac08bb23f05af9f81ce3d020d9842511e8e2adbd3a00f66b36d", HexFormat.of().formatHex(LINK.digest()));
    }

    @Test
    void everyFieldChangesTheHash() {
        List<UnaryOperator<ChainEncoding>> changes = List.of(
                l -> new ChainEncoding(UUID.randomUUID(), l.seq(), l.actor(), l.action(), l.resourceType(), l.resourceId(), l.before(), l.after(), l.clientIp(), l.createdAt(), l.prevHash()),
                l -> new ChainEncoding(l.tenantId(), 8, l.actor(), l.action(), l.resourceType(), l.resourceId(), l.before(), l.after(), l.clientIp(), l.createdAt(), l.prevHash()),
                l -> new ChainEncoding(l.tenantId(), l.seq(), AuditActor.apiKey(ACTOR), l.action(), l.resourceType(), l.resourceId(), l.before(), l.after(), l.clientIp(), l.createdAt(), l.prevHash()),
                l -> new ChainEncoding(l.tenantId(), l.seq(), AuditActor.user(TENANT), l.action(), l.resourceType(), l.resourceId(), l.before(), l.after(), l.clientIp(), l.createdAt(), l.prevHash()),
                l -> new ChainEncoding(l.tenantId(), l.seq(), l.actor(), "api_key.created", l.resourceType(), l.resourceId(), l.before(), l.after(), l.clientIp(), l.createdAt(), l.prevHash()),
                l -> new ChainEncoding(l.tenantId(), l.seq(), l.actor(), l.action(), "user", l.resourceId(), l.before(), l.after(), l.clientIp(), l.createdAt(), l.prevHash()),
                l -> new ChainEncoding(l.tenantId(), l.seq(), l.actor(), l.action(), l.resourceType(), "k2", l.before(), l.after(), l.clientIp(), l.createdAt(), l.prevHash()),
                l -> new ChainEncoding(l.tenantId(), l.seq(), l.actor(), l.action(), l.resourceType(), l.resourceId(), null, l.after(), l.clientIp(), l.createdAt(), l.prevHash()),
                l -> new ChainEncoding(l.tenantId(), l.seq(), l.actor(), l.action(), l.resourceType(), l.resourceId(), l.before(), "{}", l.clientIp(), l.createdAt(), l.prevHash()),
                l -> new ChainEncoding(l.tenantId(), l.seq(), l.actor(), l.action(), l.resourceType(), l.resourceId(), l.before(), l.after(), "192.0.2.8", l.createdAt(), l.prevHash()),
                l -> new ChainEncoding(l.tenantId(), l.seq(), l.actor(), l.action(), l.resourceType(), l.resourceId(), l.before(), l.after(), l.clientIp(), AT.plusNanos(1000), l.prevHash()),
                l -> new ChainEncoding(l.tenantId(), l.seq(), l.actor(), l.action(), l.resourceType(), l.resourceId(), l.before(), l.after(), l.clientIp(), l.createdAt(), new byte[] {1}));
        for (int i = 0; i < changes.size(); i++) {
            assertFalse(Arrays.equals(LINK.digest(), changes.get(i).apply(LINK).digest()), "change " + i + " left the hash as it was");
        }
    }

    @Test
    void movingTextAcrossAFieldBoundaryChangesTheHash() {
        ChainEncoding split = new ChainEncoding(TENANT, 7, AuditActor.system(), "a.b", "cd", null, "{}", null, null, AT, ChainEncoding.genesis());
        ChainEncoding shifted = new ChainEncoding(TENANT, 7, AuditActor.system(), "a.bc", "d", null, "{}", null, null, AT, ChainEncoding.genesis());
        ChainEncoding swapped = new ChainEncoding(TENANT, 7, AuditActor.system(), "a.b", "cd", null, null, "{}", null, AT, ChainEncoding.genesis());
        ChainEncoding empty = new ChainEncoding(TENANT, 7, AuditActor.system(), "a.b", "cd", "", "{}", null, null, AT, ChainEncoding.genesis());
        assertFalse(Arrays.equals(split.digest(), shifted.digest()));
        assertFalse(Arrays.equals(split.digest(), swapped.digest()), "before and after are told apart");
        assertFalse(Arrays.equals(split.digest(), empty.digest()), "absent is not empty");
    }

    @Test
    void theSameEventAlwaysHashesTheSame() {
        ChainEncoding again = new ChainEncoding(TENANT, 7, AuditActor.user(ACTOR), "api_key.revoked", "api_key", "k1",
                "{\"revoked_at\": null}", "{\"revoked_at\": \"2026-11-29T10:15:30Z\"}", "192.0.2.7", AT, new byte[32]);
        assertArrayEquals(LINK.digest(), again.digest());
        assertEquals(32, LINK.digest().length);
    }
}
