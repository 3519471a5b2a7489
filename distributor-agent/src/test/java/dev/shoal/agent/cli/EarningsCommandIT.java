package dev.shoal.agent.cli;

import com.sun.net.httpserver.HttpServer;
import dev.shoal.contracts.chain.generated.ShoalTestToken;
import dev.shoal.contracts.chain.generated.StorageEscrow;
import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.contracts.wire.Golden;
import dev.shoal.deploy.stack.Endpoints;
import dev.shoal.deploy.stack.Stacks.Infrastructure;
import dev.shoal.deploy.testing.RealServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import picocli.CommandLine;

import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code shoal-agent earnings [--withdraw]} against a real anvil: an escrow deployed here, an order that pays the
 * agent two settled and claimed epochs, a stand-in for the marketplace's public {@code GET /api/chain}; the agent
 * withdraws part, then all, of its balance with its own key, to the token unit.
 */
class EarningsCommandIT {

    /** anvil's public test account #1 (deploys, audits and funds here). */
    private static final Credentials ADMIN = Credentials.create("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
    private static final BigInteger PRICE = BigInteger.valueOf(1_500_000);

    private static Web3j web3j;
    private static HttpServer market;
    private static String rpc;
    private static ShoalTestToken token;
    private static StorageEscrow escrow;

    @BeforeAll
    static void anEscrowOnAnvil() throws Exception {
        // one stack per test JVM: whichever IT of this module runs first starts what all of them need
        Endpoints endpoints = RealServices.ensureStarted(EnumSet.of(Infrastructure.KEYCLOAK, Infrastructure.ANVIL));
        rpc = endpoints.chainRpcUrl();
        web3j = Web3j.build(new HttpService(rpc));
        RawTransactionManager admin = new RawTransactionManager(web3j, ADMIN, endpoints.chainId(), new PollingTransactionReceiptProcessor(web3j, 100, 300));
        StaticGasProvider gas = new StaticGasProvider(BigInteger.valueOf(20_000_000_000L), BigInteger.valueOf(6_000_000));
        token = ShoalTestToken.deploy(web3j, admin, gas, ADMIN.getAddress()).send();
        escrow = StorageEscrow.deploy(web3j, admin, gas, token.getContractAddress(), ADMIN.getAddress(), ADMIN.getAddress(), BigInteger.valueOf(3600)).send();
        // the golden chain view (contracts' wire/directory/chain-view.json), naming this chain's contracts
        com.fasterxml.jackson.databind.node.ObjectNode view = (com.fasterxml.jackson.databind.node.ObjectNode) Golden.tree(Golden.CHAIN_VIEW);
        view.put("chainId", endpoints.chainId()).put("token", token.getContractAddress()).put("escrow", escrow.getContractAddress());
        String body = view.toString();
        market = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        market.createContext("/api/chain", exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        market.start();
    }

    @AfterAll
    static void stop() {
        if (market != null) {
            market.stop(0);
        }
        if (web3j != null) {
            web3j.shutdown();
        }
    }

    @Test
    void theAgentWithdrawsWhatTheEscrowHoldsForItWithItsOwnKey(@TempDir Path keys) throws Exception {
        SigningKey agentKey = SigningKey.generate();
        String agent = Credentials.create(agentKey.privateKeyHex()).getAddress();
        Path keyFile = keys.resolve("agent.key");
        Files.writeString(keyFile, agentKey.privateKeyHex());
        new Request<>("anvil_setBalance", List.of(agent, "0x56BC75E2D63100000"), new HttpService(rpc), Response.class).send();

        // an order of one replica x 2 epochs on this agent, both passed, settled and claimed (anyone may claim)
        byte[] order = new byte[32];
        order[31] = (byte) (1 + (System.nanoTime() & 0x7f));
        BigInteger total = PRICE.multiply(BigInteger.TWO);
        token.mint(ADMIN.getAddress(), total).send();
        token.approve(escrow.getContractAddress(), total).send();
        escrow.fundOrder(order, List.of(agent), List.of(PRICE), BigInteger.TWO, BigInteger.valueOf(30), PRICE).send();
        escrow.settle(List.of(new StorageEscrow.Settlement(order, BigInteger.ZERO, BigInteger.TWO, BigInteger.valueOf(0b11)))).send();
        escrow.claim(order, BigInteger.ZERO, BigInteger.ZERO).send();
        assertThat(escrow.balanceOf(agent).send()).isEqualTo(total);

        String[] base = {"--key", keyFile.toString(), "--market", "http://127.0.0.1:" + market.getAddress().getPort(), "--rpc", rpc};
        assertThat(run(base)).isZero();
        assertThat(run(concat(base, "--withdraw", "1.5"))).isZero();
        assertThat(token.balanceOf(agent).send()).isEqualTo(PRICE);
        assertThat(escrow.balanceOf(agent).send()).isEqualTo(PRICE);
        assertThat(run(concat(base, "--withdraw", "0.0000001"))).isEqualTo(2);
        assertThat(run(concat(base, "--withdraw", "all"))).isZero();
        assertThat(token.balanceOf(agent).send()).isEqualTo(total);
        assertThat(escrow.balanceOf(agent).send()).isZero();
        assertThat(run(concat(base, "--withdraw", "all"))).isEqualTo(1);
    }

    private static int run(String... args) {
        return new CommandLine(new EarningsCommand()).execute(args);
    }

    private static String[] concat(String[] base, String... more) {
        String[] out = new String[base.length + more.length];
        System.arraycopy(base, 0, out, 0, base.length);
        System.arraycopy(more, 0, out, base.length, more.length);
        return out;
    }
}
