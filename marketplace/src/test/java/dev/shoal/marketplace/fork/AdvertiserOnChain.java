package dev.shoal.marketplace.fork;

import dev.shoal.contracts.chain.AbiCatalogue;
import dev.shoal.contracts.chain.generated.ShoalTestToken;
import dev.shoal.contracts.chain.generated.Sponsorship;
import dev.shoal.contracts.fork.SponsorshipConsent;
import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.marketplace.chain.ChainContracts;
import dev.shoal.marketplace.chain.EscrowGateway;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.utils.Numeric;

import java.io.IOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The advertiser's side of a sponsorship on the test's anvil, sent with web3j from the advertiser's own key as its
 * tools would: gas and sUSD for the key, the fork's archival order funded on the escrow, approve and sponsor with the
 * creator's consent, claim and (through the calls the page sends) cancel; and the chain's clock moved forward.
 */
final class AdvertiserOnChain implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final StaticGasProvider GAS = new StaticGasProvider(BigInteger.valueOf(20_000_000_000L), BigInteger.valueOf(2_000_000));

    final Credentials key;
    private final HttpService http;
    private final Web3j web3j;
    private final EscrowGateway escrow;
    private final String sponsorshipAt;
    private final Sponsorship sponsorship;
    private final ShoalTestToken token;
    private final RawTransactionManager signer;

    AdvertiserOnChain(String rpcUrl, long chainId, SigningKey advertiser, EscrowGateway escrow, ChainContracts contracts) throws IOException {
        this.key = Credentials.create(advertiser.privateKeyHex());
        this.http = new HttpService(rpcUrl);
        this.web3j = Web3j.build(http);
        this.escrow = escrow;
        this.sponsorshipAt = contracts.sponsorship();
        this.signer = new RawTransactionManager(web3j, key, chainId);
        this.sponsorship = Sponsorship.load(sponsorshipAt, web3j, signer, GAS);
        this.token = ShoalTestToken.load(escrow.addresses().await().atMost(WAIT).token(), web3j, signer, GAS);
        rpc("anvil_setBalance", List.of(key.getAddress(), "0x56BC75E2D63100000"));   // 100 ETH for gas
        escrow.mintTestTokens(key.getAddress(), BigInteger.valueOf(1_000_000_000L), "mint:" + key.getAddress()).await().atMost(WAIT);
    }

    /** The fork's archival order on the escrow, {@code replicas} replicas funded from the advertiser's key; its escrow key. */
    byte[] fundedOrder(int replicas) {
        UUID order = UUID.randomUUID();
        List<String> agents = new ArrayList<>();
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < replicas; i++) {
            byte[] agent = new byte[20];
            random.nextBytes(agent);
            agents.add(Numeric.toHexString(agent));
        }
        BigInteger price = BigInteger.valueOf(1_000);
        escrow.fundOrder(key, order, agents, Collections.nCopies(replicas, price), 3, Duration.ofHours(1), price).await().atMost(WAIT);
        return EscrowGateway.orderKey(order);
    }

    /** One transaction as a wallet sends what the marketplace quoted ({@code to}, {@code data}), mined and succeeded. */
    TransactionReceipt send(String to, String data) throws Exception {
        var sent = signer.sendTransaction(GAS.getGasPrice(), GAS.getGasLimit(), to, data, BigInteger.ZERO);
        assertThat(sent.hasError()).as("%s", sent.getError() == null ? "" : sent.getError().getMessage()).isFalse();
        TransactionReceipt receipt = new org.web3j.tx.response.PollingTransactionReceiptProcessor(web3j, 200, 300)
                .waitForTransactionReceipt(sent.getTransactionHash());
        assertThat(receipt.isStatusOK()).as("transaction to %s", to).isTrue();
        return receipt;
    }

    /** approve(amount) then sponsor(consent, signature, order). */
    TransactionReceipt sponsor(SponsorshipConsent.Signed signed, byte[] order) throws Exception {
        token.approve(sponsorshipAt, signed.consent().amount()).send();
        TransactionReceipt receipt = sponsorship.sponsor(onChain(signed.consent()), signed.signature().bytes(), order).send();
        assertThat(receipt.isStatusOK()).isTrue();
        return receipt;
    }

    /** The custom error sponsor() reverts with, run as the advertiser without sending it (empty if it would not revert). */
    Optional<String> sponsorRefusal(SponsorshipConsent.Signed signed, byte[] order) throws IOException {
        return refusal(sponsorship.sponsor(onChain(signed.consent()), signed.signature().bytes(), order).encodeFunctionCall());
    }

    /** The custom error the contract would revert cancel(fork) with now, as the advertiser page's wallet would send it; empty if it would pass. */
    Optional<String> cancelRefusal(SponsorshipConsent consent) throws IOException {
        return refusal(dev.shoal.marketplace.chain.SponsorshipCalls.cancel(consent.fork().hex()));
    }

    private Optional<String> refusal(String data) throws IOException {
        EthCall result = web3j.ethCall(Transaction.createFunctionCallTransaction(key.getAddress(), null, null, null, sponsorshipAt,
                BigInteger.ZERO, data), DefaultBlockParameterName.LATEST).send();
        if (!result.hasError()) {
            return Optional.empty();
        }
        String revert = result.getError().getData() == null ? null : result.getError().getData().replace("\"", "");
        return new AbiCatalogue().errorName(revert);
    }

    TransactionReceipt claim(SponsorshipConsent consent) throws Exception {
        return sponsorship.claim(consent.fork().bytes()).send();
    }

    BigInteger balance(String address) throws Exception {
        return token.balanceOf(address).send();
    }

    /** What the term earned by the receipt's block: amount x elapsed / term, rounded down, as the contract computes it. */
    BigInteger earnedAt(SponsorshipConsent c, TransactionReceipt receipt) throws IOException {
        long at = web3j.ethGetBlockByHash(receipt.getBlockHash(), false).send().getBlock().getTimestamp().longValueExact();
        long elapsed = Math.min(at, c.endSeconds()) - c.startSeconds();
        return c.amount().multiply(BigInteger.valueOf(elapsed)).divide(BigInteger.valueOf(c.endSeconds() - c.startSeconds()));
    }

    /** Lets a browser's test wallet send from the advertiser's address through anvil (eth_sendTransaction), with more sUSD. */
    void impersonated(BigInteger moreUnits) throws IOException {
        rpc("anvil_impersonateAccount", List.of(key.getAddress()));
        escrow.mintTestTokens(key.getAddress(), moreUnits, "mint-more:" + key.getAddress()).await().atMost(WAIT);
    }

    /** Moves the chain's clock forward and mines a block. */
    void advanceTime(long seconds) throws IOException {
        rpc("evm_increaseTime", List.of(seconds));
        rpc("evm_mine", List.of());
    }

    private void rpc(String method, List<?> params) throws IOException {
        Response<?> answer = new Request<>(method, params, http, Response.class).send();
        assertThat(answer.hasError()).as("%s: %s", method, answer.getError() == null ? "" : answer.getError().getMessage()).isFalse();
    }

    private static Sponsorship.Consent onChain(SponsorshipConsent c) {
        return new Sponsorship.Consent(c.original().bytes(), c.fork().bytes(), c.creator().toString(), c.advertiser().toString(), c.amount(),
                BigInteger.valueOf(c.replicas()), BigInteger.valueOf(c.startSeconds()), BigInteger.valueOf(c.endSeconds()), c.offerFirst(), c.nonce());
    }

    @Override
    public void close() {
        web3j.shutdown();
    }
}
