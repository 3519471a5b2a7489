package dev.shoal.deploy.chain;

import dev.shoal.contracts.chain.ChainSender;
import dev.shoal.contracts.chain.Wallet;
import dev.shoal.contracts.chain.generated.ShoalTestToken;
import dev.shoal.contracts.chain.generated.StorageEscrow;
import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.deploy.stack.Stacks.Infrastructure;
import dev.shoal.deploy.testing.RealServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.utils.Numeric;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The chain half of {@code shoal order fund} on a real anvil, with a token and an escrow deployed here through the
 * sender's own transaction manager: a quote is funded as its terms say, and a quote whose call data says otherwise
 * is refused with nothing signed.
 */
class OrderFundingIT {

    /** anvil's public test accounts #1 (deploys and mints) and #2 (the creator). */
    private static final Credentials ADMIN = Credentials.create("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
    private static final SigningKey CREATOR = SigningKey.fromHex("0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a");
    private static final BigInteger PRICE = BigInteger.valueOf(1_500);

    private static ChainSender sender;
    private static String rpc;
    private static ShoalTestToken token;
    private static String escrow;

    @BeforeAll
    static void aTokenAndAnEscrow() throws Exception {
        rpc = RealServices.ensureStarted(EnumSet.of(Infrastructure.ANVIL)).chainRpcUrl();
        sender = ChainSender.connect(rpc);
        var admin = sender.transactionManager(ADMIN);
        token = ShoalTestToken.deploy(sender.web3j(), admin, sender.gas(), ADMIN.getAddress()).send();
        escrow = StorageEscrow.deploy(sender.web3j(), admin, sender.gas(), token.getContractAddress(), ADMIN.getAddress(),
                ADMIN.getAddress(), BigInteger.valueOf(3600)).send().getContractAddress();
    }

    @AfterAll
    static void close() {
        if (sender != null) {
            sender.close();
        }
    }

    @Test
    void aQuoteIsFundedAsItsTermsSay() throws Exception {
        OrderFunding.Terms terms = terms(PRICE);
        token.mint(address(), terms.total()).send();
        BigInteger escrowBefore = balance(escrow);
        BigInteger creatorBefore = balance(address());
        List<OrderFunding.Sent> mined = new ArrayList<>();

        try (Wallet wallet = Wallet.open(rpc, CREATOR)) {
            List<OrderFunding.Sent> sent = OrderFunding.fund(wallet, terms, quote(terms), mined::add);

            assertThat(sent).extracting(OrderFunding.Sent::purpose).containsExactly("approve", "fundOrder");
            assertThat(mined).isEqualTo(sent);
        }
        assertThat(balance(escrow).subtract(escrowBefore)).isEqualTo(terms.total());
        assertThat(creatorBefore.subtract(balance(address()))).isEqualTo(terms.total());
    }

    @Test
    void aQuoteWhoseCallDataSaysOtherwiseIsRefusedBeforeAnythingIsSigned() throws Exception {
        OrderFunding.Terms shown = terms(PRICE);
        token.mint(address(), shown.total()).send();
        // the approve as shown, a fundOrder one unit dearer per replica-epoch
        List<OrderFunding.Quoted> dearer = List.of(quote(shown).get(0),
                quote(terms(PRICE.add(BigInteger.ONE), shown.escrowOrderId(), shown.agents())).get(1));
        BigInteger nonce = nonce();
        BigInteger creatorBefore = balance(address());

        try (Wallet wallet = Wallet.open(rpc, CREATOR)) {
            assertThatThrownBy(() -> OrderFunding.fund(wallet, shown, dearer, sent -> { }))
                    .isInstanceOf(OrderFunding.QuoteMismatch.class)
                    .hasMessageContaining("fundOrder");
        }
        assertThat(nonce()).isEqualTo(nonce);
        assertThat(balance(address())).isEqualTo(creatorBefore);
    }

    private static OrderFunding.Terms terms(BigInteger price) throws Exception {
        byte[] order = new byte[32];
        new SecureRandom().nextBytes(order);
        return terms(price, Numeric.toHexString(order), List.of(Credentials.create(Keys.createEcKeyPair()).getAddress(),
                Credentials.create(Keys.createEcKeyPair()).getAddress()));
    }

    private static OrderFunding.Terms terms(BigInteger price, String orderId, List<String> agents) {
        long epochs = 3;
        return new OrderFunding.Terms(token.getContractAddress(), escrow, orderId, agents,
                agents.stream().map(a -> price).toList(), epochs, 30, price,
                price.multiply(BigInteger.valueOf(agents.size() * epochs)));
    }

    /** The two transactions as the marketplace quotes them, encoded by the same wrappers from the terms. */
    private static List<OrderFunding.Quoted> quote(OrderFunding.Terms terms) {
        StorageEscrow escrowView = sender.view(StorageEscrow::load, terms.escrow());
        return List.of(
                new OrderFunding.Quoted("approve", terms.token(), token.approve(terms.escrow(), terms.total()).encodeFunctionCall()),
                new OrderFunding.Quoted("fundOrder", terms.escrow(), escrowView.fundOrder(Numeric.hexStringToByteArray(terms.escrowOrderId()),
                        terms.agents(), terms.prices(), BigInteger.valueOf(terms.epochs()), BigInteger.valueOf(terms.epochSeconds()),
                        terms.maxPricePerReplicaEpoch()).encodeFunctionCall()));
    }

    private static String address() {
        return CREATOR.address().toString();
    }

    private static BigInteger balance(String account) throws Exception {
        return token.balanceOf(account).send();
    }

    private static BigInteger nonce() throws Exception {
        return sender.web3j().ethGetTransactionCount(address(), DefaultBlockParameterName.LATEST).send().getTransactionCount();
    }
}
