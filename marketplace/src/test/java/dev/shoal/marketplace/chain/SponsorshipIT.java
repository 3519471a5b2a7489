package dev.shoal.marketplace.chain;

import dev.shoal.contracts.chain.generated.ShoalTestToken;
import dev.shoal.contracts.chain.generated.Sponsorship;
import dev.shoal.contracts.chain.generated.StorageEscrow;
import dev.shoal.contracts.fork.SponsorshipConsent;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.Address;
import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.deploy.testing.RealServices;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sponsorship contract on a real anvil: the creator's EIP-712 consent (made by contracts' SponsorshipConsent, as a
 * wallet would) checked on chain, the deposit paid to the creator over the term, the fork's archival order required on
 * the storage escrow, cancel and refund, and every refusal moving no money. Prints the gas of each function.
 */
@QuarkusTest
@WithTestResource(value = RealServices.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = @ResourceArg(name = "service", value = "marketplace"))
class SponsorshipIT {

    // short, because anvil is shared by the module's test classes and time only moves forward on it
    static final long TERM = 120;
    static final BigInteger AMOUNT = BigInteger.valueOf(90_000_000); // 90 sUSD over the term
    static final BigInteger PRICE = BigInteger.valueOf(1_000);

    static Anvil anvil;
    static Credentials admin = Anvil.account(0);
    static Credentials auditor = Anvil.account(1);
    static Credentials creator = Anvil.account(2);
    static Credentials advertiser = Anvil.account(3);
    static List<String> agents = List.of(Anvil.account(4).getAddress(), Anvil.account(5).getAddress(), Anvil.account(6).getAddress(),
            Anvil.account(8).getAddress(), Anvil.account(0).getAddress());
    static ShoalTestToken token;
    static StorageEscrow escrow;
    static Sponsorship sponsorship;

    @BeforeAll
    static void deploy() throws Exception {
        anvil = Anvil.connect();
        token = anvil.deployToken(admin);
        escrow = anvil.deployEscrow(admin, token.getContractAddress(), auditor, 3600);
        sponsorship = Sponsorship.deploy(anvil.web3j, anvil.signer(admin), Anvil.GAS, token.getContractAddress(), escrow.getContractAddress()).send();
        token.mint(advertiser.getAddress(), BigInteger.valueOf(1_000_000_000_000L)).send();
        anvil.tokenAs(token, advertiser).approve(escrow.getContractAddress(), BigInteger.TWO.pow(255)).send();
        anvil.tokenAs(token, advertiser).approve(sponsorship.getContractAddress(), BigInteger.TWO.pow(255)).send();
    }

    @Test
    void theCreatorIsPaidOverTheTermForAConsentedForkWhoseStorageTheAdvertiserFunded() throws Exception {
        byte[] order = fundedOrder(advertiser, 5);
        long now = chainTime();
        SponsorshipConsent consent = consent(fork("paid"), now, now + TERM, BigInteger.ONE);
        SponsorshipConsent.Signed signed = consent.sign(key(2));
        assertThat(as(advertiser).consentDigest(onChain(consent)).send()).as("the contract's digest is the wallet's").isEqualTo(consent.digest());

        BigInteger advertiserBefore = balance(advertiser);
        TransactionReceipt sponsored = as(advertiser).sponsor(onChain(consent), signed.signature().bytes(), order).send();
        assertThat(Sponsorship.getSponsoredEvents(sponsored)).singleElement().satisfies(e -> {
            assertThat(e.fork).isEqualTo(consent.fork().bytes());
            assertThat(e.amount).isEqualTo(AMOUNT);
        });
        assertThat(advertiserBefore.subtract(balance(advertiser))).isEqualTo(AMOUNT);

        // half the term later: half the amount, to the unit, claimed by anyone for the creator
        BigInteger creatorBefore = balance(creator);
        anvil.advanceTime(TERM / 2);
        TransactionReceipt claimed = as(admin).claim(consent.fork().bytes()).send();
        long at = blockTime(claimed);
        BigInteger half = AMOUNT.multiply(BigInteger.valueOf(at - consent.startSeconds())).divide(BigInteger.valueOf(TERM));
        assertThat(balance(creator).subtract(creatorBefore)).isEqualTo(half);

        // past the end: the whole amount, and nothing is left in the contract
        anvil.advanceTime(TERM);
        TransactionReceipt rest = as(creator).claim(consent.fork().bytes()).send();
        assertThat(balance(creator).subtract(creatorBefore)).isEqualTo(AMOUNT);
        assertThat(token.balanceOf(sponsorship.getContractAddress()).send()).isZero();
        TransactionReceipt nothing = as(creator).claim(consent.fork().bytes()).send();
        assertThat(Sponsorship.getPaidEvents(nothing)).isEmpty();
        System.out.printf("[gas] Sponsorship.sponsor %d, claim %d (mid-term), claim %d (the rest), claim %d (nothing owed)%n",
                sponsored.getGasUsed(), claimed.getGasUsed(), rest.getGasUsed(), nothing.getGasUsed());
    }

    @Test
    void eachBadConsentOrUnfundedForkIsRefusedByNameAndMovesNoMoney() throws Exception {
        byte[] order = fundedOrder(advertiser, 5);
        long now = chainTime();
        SponsorshipConsent consent = consent(fork("refusals"), now, now + TERM, BigInteger.TWO);
        String at = sponsorship.getContractAddress();
        BigInteger before = balance(advertiser);

        // signed by the advertiser, not the creator
        refused(advertiser, as(advertiser).sponsor(onChain(consent), consent.sign(key(3)).signature().bytes(), order), "NotTheCreatorsConsent");
        // the creator's consent presented for another fork (other cue points or ad bytes): another digest, another signer
        SponsorshipConsent.Signed signed = consent.sign(key(2));
        SponsorshipConsent otherFork = consent(fork("another fork"), now, now + TERM, BigInteger.TWO);
        refused(advertiser, as(advertiser).sponsor(onChain(otherFork), signed.signature().bytes(), order), "NotTheCreatorsConsent");
        // sent by someone other than the advertiser it names
        refused(creator, as(creator).sponsor(onChain(consent), signed.signature().bytes(), order), "NotTheAdvertiser");
        // the fork's storage: funded by someone else, or with fewer replicas than agreed
        token.mint(creator.getAddress(), BigInteger.valueOf(1_000_000_000L)).send();
        anvil.tokenAs(token, creator).approve(escrow.getContractAddress(), BigInteger.TWO.pow(255)).send();
        refused(advertiser, as(advertiser).sponsor(onChain(consent), signed.signature().bytes(), fundedOrder(creator, 5)), "StorageNotFunded");
        SponsorshipConsent eight = consent(fork("eight replicas"), now, now + TERM, BigInteger.TWO, 8);
        refused(advertiser, as(advertiser).sponsor(onChain(eight), eight.sign(key(2)).signature().bytes(), order), "StorageNotFunded");
        assertThat(balance(advertiser)).as("the refusals moved none of the advertiser's money").isEqualTo(before);
        // a lapsed consent
        SponsorshipConsent lapsed = consent(fork("lapsed"), now - 2 * TERM, now - TERM, BigInteger.TWO);
        refused(advertiser, as(advertiser).sponsor(onChain(lapsed), lapsed.sign(key(2)).signature().bytes(), order), "ConsentLapsed");

        // the good one once; the same consent again is refused
        as(advertiser).sponsor(onChain(consent), signed.signature().bytes(), order).send();
        assertThat(sponsorship.consentUsed(consent.digest()).send()).isTrue();
        BigInteger held = token.balanceOf(at).send();
        refused(advertiser, as(advertiser).sponsor(onChain(consent), signed.signature().bytes(), order), "ConsentAlreadyUsed");
        // a second consent (another nonce) for a fork already sponsored
        SponsorshipConsent again = consent(consent.fork(), now, now + TERM, BigInteger.valueOf(3));
        refused(advertiser, as(advertiser).sponsor(onChain(again), again.sign(key(2)).signature().bytes(), order), "ForkAlreadySponsored");
        assertThat(token.balanceOf(at).send()).isEqualTo(held);
    }

    @Test
    void cancelPaysTheCreatorWhatTheTermEarnedAndRefundsTheAdvertiserTheRest() throws Exception {
        byte[] order = fundedOrder(advertiser, 5);
        long now = chainTime();
        SponsorshipConsent consent = consent(fork("cancelled"), now, now + TERM, BigInteger.ONE);
        as(advertiser).sponsor(onChain(consent), consent.sign(key(2)).signature().bytes(), order).send();
        anvil.advanceTime(TERM / 4);
        BigInteger creatorBefore = balance(creator);
        BigInteger advertiserBefore = balance(advertiser);

        refused(admin, as(admin).cancel(consent.fork().bytes()), "NotAParty");
        TransactionReceipt cancelled = as(advertiser).cancel(consent.fork().bytes()).send();
        long at = blockTime(cancelled);
        BigInteger earned = AMOUNT.multiply(BigInteger.valueOf(at - consent.startSeconds())).divide(BigInteger.valueOf(TERM));
        assertThat(balance(creator).subtract(creatorBefore)).isEqualTo(earned);
        assertThat(balance(advertiser).subtract(advertiserBefore)).isEqualTo(AMOUNT.subtract(earned));
        assertThat(Sponsorship.getCancelledEvents(cancelled)).singleElement().satisfies(e -> assertThat(e.refund).isEqualTo(AMOUNT.subtract(earned)));

        // ended: no second cancel, and time no longer earns anything
        refused(creator, as(creator).cancel(consent.fork().bytes()), "AlreadyEnded");
        anvil.advanceTime(TERM);
        as(creator).claim(consent.fork().bytes()).send();
        assertThat(balance(creator).subtract(creatorBefore)).isEqualTo(earned);
        System.out.printf("[gas] Sponsorship.cancel %d%n", cancelled.getGasUsed());
    }

    static SponsorshipConsent consent(Sha256 fork, long start, long end, BigInteger nonce) {
        return consent(fork, start, end, nonce, 5);
    }

    static SponsorshipConsent consent(Sha256 fork, long start, long end, BigInteger nonce, int replicas) {
        return new SponsorshipConsent(Anvil.CHAIN_ID, Address.parse(sponsorship.getContractAddress()), fork("original"), fork,
                Address.parse(creator.getAddress()), Address.parse(advertiser.getAddress()), AMOUNT, replicas, start, end, true, nonce);
    }

    static Sponsorship.Consent onChain(SponsorshipConsent c) {
        return new Sponsorship.Consent(c.original().bytes(), c.fork().bytes(), c.creator().toString(), c.advertiser().toString(), c.amount(),
                BigInteger.valueOf(c.replicas()), BigInteger.valueOf(c.startSeconds()), BigInteger.valueOf(c.endSeconds()), c.offerFirst(), c.nonce());
    }

    static Sha256 fork(String name) {
        return Sha256.of((name + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
    }

    /** The key of anvil's account {@code index} as contracts holds keys (what a creator's wallet signs with). */
    static SigningKey key(int index) {
        return SigningKey.fromHex(Anvil.KEYS.get(index));
    }

    /** The fork's archival order on the storage escrow, funded by {@code funder} with {@code replicas} replicas. */
    static byte[] fundedOrder(Credentials funder, int replicas) throws Exception {
        byte[] order = EscrowGateway.orderKey(UUID.randomUUID());
        anvil.escrowAs(escrow, funder).fundOrder(order, agents.subList(0, replicas), java.util.Collections.nCopies(replicas, PRICE),
                BigInteger.valueOf(3), BigInteger.valueOf(3600), PRICE).send();
        return order;
    }

    static Sponsorship as(Credentials who) {
        return Sponsorship.load(sponsorship.getContractAddress(), anvil.web3j, anvil.signer(who), Anvil.GAS);
    }

    static BigInteger balance(Credentials who) throws Exception {
        return token.balanceOf(who.getAddress()).send();
    }

    static void refused(Credentials from, org.web3j.protocol.core.RemoteFunctionCall<?> call, String error) throws Exception {
        anvil.assertReverts(from, sponsorship.getContractAddress(), call, error);
    }

    static long chainTime() throws Exception {
        return anvil.web3j.ethGetBlockByNumber(DefaultBlockParameter.valueOf("latest"), false).send().getBlock().getTimestamp().longValueExact();
    }

    static long blockTime(TransactionReceipt receipt) throws Exception {
        return anvil.web3j.ethGetBlockByHash(receipt.getBlockHash(), false).send().getBlock().getTimestamp().longValueExact();
    }
}
