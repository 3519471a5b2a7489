package dev.shoal.deploy.process;

import dev.shoal.deploy.LaunchException;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PortsTests {

    @Test
    void aTakenFixedPortIsRefusedWithOneClearLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName(Ports.LOOPBACK))) {
            Ports ports = new Ports(taken.getLocalPort());
            assertThatThrownBy(() -> ports.take("marketplace"))
                    .isInstanceOf(LaunchException.class)
                    .hasMessage("port " + taken.getLocalPort() + " (marketplace) is already in use on 127.0.0.1: stop what holds it,"
                            + " or choose another --base-port (or none, to pick free ports)")
                    .hasNoCause();
        }
    }

    @Test
    void freePortsAreDistinctAndFree() {
        Ports ports = new Ports(null);
        int a = ports.take("a");
        int b = ports.take("b");
        assertThat(a).isNotEqualTo(b);
        assertThat(Ports.isFree(a)).isTrue();
        assertThat(Ports.isFree(b)).isTrue();
    }

    @Test
    void fixedPortsCountUpFromTheBase() throws Exception {
        int base;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(Ports.LOOPBACK))) {
            base = probe.getLocalPort();
        }
        Ports ports = new Ports(base);
        assertThat(ports.take("first")).isEqualTo(base);
    }
}
