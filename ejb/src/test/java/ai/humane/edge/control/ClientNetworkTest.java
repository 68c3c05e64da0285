package ai.humane.edge.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class ClientNetworkTest {

    @Test
    void anIpv4AddressIsCountedAsItself() {
        assertEquals("203.0.113.41", ClientNetwork.of("203.0.113.41"));
        assertNotEquals(ClientNetwork.of("203.0.113.41"), ClientNetwork.of("203.0.113.42"));
        assertEquals("203.0.113.41", ClientNetwork.of("::ffff:203.0.113.41"), "IPv4 inside IPv6 is that IPv4 address");
    }

    @Test
    void everyAddressOfOneIpv6SlashSixtyFourIsCountedAsOneClient() {
        String one = ClientNetwork.of("2001:db8:5:6::1");
        assertEquals("2001:db8:5:6:0:0:0:0/64", one);
        assertEquals(one, ClientNetwork.of("2001:db8:5:6:a1b2:c3d4:e5f6:789"));
        assertEquals(one, ClientNetwork.of("2001:DB8:5:6:0:0:0:FFFF"), "any spelling of the network");
        assertNotEquals(one, ClientNetwork.of("2001:db8:5:7::1"), "the next /64 is another client");
    }

    @Test
    void whatIsNotAnAddressLiteralIsLeftAsItIs() {
        assertEquals("unknown", ClientNetwork.of("unknown"));
        assertEquals("example.com", ClientNetwork.of("example.com"));
    }
}
