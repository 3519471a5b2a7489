package dev.shoal.marketplace.chain;

import dev.shoal.contracts.chain.generated.TipSplitter;
import dev.shoal.contracts.chain.generated.testing.ReentrantAgent;
import dev.shoal.deploy.testing.RealServices;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Convert;
import org.web3j.utils.Numeric;

import java.math.BigInteger;
import java.security.SecureRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** TipSplitter on a real anvil: every tip split to the wei by the admin's shares, recipients pull. */
@QuarkusTest
@WithTestResource(value = RealServices.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = @ResourceArg(name = "service", value = "marketplace"))
class TipSplitterIT {

    static final String NOBODY = "0x0000000000000000000000000000000000000000";

    static Anvil anvil;
    static Credentials admin = Anvil.account(0);
    static Credentials viewer = Anvil.account(2);
    static Credentials creator = Anvil.account(3);
    static Credentials serving = Anvil.account(4);
    static Credentials locator = Anvil.account(5);
    static TipSplitter tips;
    static final SecureRandom RANDOM = new SecureRandom();

    @BeforeAll
    static void deploy() throws Exception {
        anvil = Anvil.connect();
        tips = TipSplitter.deploy(anvil.web3j, anvil.signer(admin), Anvil.GAS, admin.getAddress(),
                BigInteger.valueOf(8000), BigInteger.valueOf(1500), BigInteger.valueOf(500)).send();
    }

    static TipSplitter as(Credentials key) {
        return TipSplitter.load(tips.getContractAddress(), anvil.web3j, anvil.signer(key), Anvil.GAS);
    }

    static byte[] content(int n) {
        return Numeric.toBytesPadded(BigInteger.valueOf(n), 32);
    }

    /** A fresh tip reference, as the gateway draws one per prepared tip. */
    static byte[] ref() {
        byte[] ref = new byte[32];
        RANDOM.nextBytes(ref);
        return ref;
    }

    BigInteger balance(Credentials who) throws Exception {
        return tips.balanceOf(who.getAddress()).send();
    }

    @Test
    void aTipIsSplitToTheWeiAndRecipientsWithdrawExactly() throws Exception {
        BigInteger c0 = balance(creator), s0 = balance(serving), l0 = balance(locator);
        BigInteger amount = BigInteger.valueOf(1_000_000_000_000_001L);
        byte[] ref = ref();
        TransactionReceipt receipt = as(viewer).tip(content(1), creator.getAddress(), serving.getAddress(), locator.getAddress(), ref, amount).send();
        TipSplitter.TipSplitEventResponse event = TipSplitter.getTipSplitEvents(receipt).get(0);
        assertThat(event.ref).isEqualTo(ref);
        assertThat(event.amount).isEqualTo(amount);
        assertThat(event.servingAmount).isEqualTo(BigInteger.valueOf(150_000_000_000_000L));
        assertThat(event.locatorAmount).isEqualTo(BigInteger.valueOf(50_000_000_000_000L));
        assertThat(event.creatorAmount).isEqualTo(BigInteger.valueOf(800_000_000_000_001L));
        assertThat(balance(creator).subtract(c0)).isEqualTo(event.creatorAmount);
        assertThat(balance(serving).subtract(s0)).isEqualTo(event.servingAmount);
        assertThat(balance(locator).subtract(l0)).isEqualTo(event.locatorAmount);

        // without a serving node or locator their shares stay with the creator
        BigInteger c1 = balance(creator);
        as(viewer).tip(content(2), creator.getAddress(), NOBODY, NOBODY, ref(), BigInteger.valueOf(999)).send();
        assertThat(balance(creator).subtract(c1)).isEqualTo(BigInteger.valueOf(999));

        BigInteger owed = balance(serving);
        BigInteger wallet = anvil.ethBalance(serving.getAddress());
        anvil.assertReverts(serving, tips.getContractAddress(), tips.withdraw(owed.add(BigInteger.ONE)), "InsufficientBalance");
        TransactionReceipt paid = as(serving).withdraw(owed).send();
        BigInteger fee = paid.getGasUsed().multiply(Numeric.decodeQuantity(paid.getEffectiveGasPrice()));
        assertThat(anvil.ethBalance(serving.getAddress())).isEqualTo(wallet.add(owed).subtract(fee));
        assertThat(balance(serving)).isZero();
        anvil.assertReverts(serving, tips.getContractAddress(), tips.withdraw(BigInteger.ONE), "InsufficientBalance");
    }

    @Test
    void aReferenceIsAcceptedOnceSoTheSameTipSentTwiceMovesMoneyOnce() throws Exception {
        byte[] ref = ref();
        BigInteger amount = BigInteger.valueOf(10_000);
        BigInteger c0 = balance(creator), s0 = balance(serving), l0 = balance(locator);
        assertThat(tips.tipSent(ref).send()).isFalse();
        as(viewer).tip(content(5), creator.getAddress(), serving.getAddress(), locator.getAddress(), ref, amount).send();
        assertThat(tips.tipSent(ref).send()).isTrue();
        BigInteger count = tips.tipCount().send();
        BigInteger held = anvil.ethBalance(tips.getContractAddress());
        BigInteger wallet = anvil.ethBalance(viewer.getAddress());

        // the same call again (a retry, a wallet resending): refused by name, and when mined anyway it reverts
        String again = tips.tip(content(5), creator.getAddress(), serving.getAddress(), locator.getAddress(), ref, amount).encodeFunctionCall();
        anvil.assertReverts(viewer, tips.getContractAddress(), again, amount, "TipAlreadySent");
        // even with other recipients and another amount: the reference alone decides
        anvil.assertReverts(viewer, tips.getContractAddress(), tips.tip(content(6), locator.getAddress(), NOBODY, NOBODY, ref,
                BigInteger.ONE).encodeFunctionCall(), BigInteger.ONE, "TipAlreadySent");
        TransactionReceipt reverted = anvil.sendUnchecked(viewer, tips.getContractAddress(), again, amount);
        assertThat(reverted.isStatusOK()).isFalse();

        BigInteger fee = reverted.getGasUsed().multiply(Numeric.decodeQuantity(reverted.getEffectiveGasPrice()));
        assertThat(anvil.ethBalance(viewer.getAddress())).as("the viewer paid gas, not a second tip").isEqualTo(wallet.subtract(fee));
        assertThat(anvil.ethBalance(tips.getContractAddress())).isEqualTo(held);
        assertThat(tips.tipCount().send()).isEqualTo(count);
        assertThat(balance(creator).subtract(c0)).isEqualTo(BigInteger.valueOf(8_000));
        assertThat(balance(serving).subtract(s0)).isEqualTo(BigInteger.valueOf(1_500));
        assertThat(balance(locator).subtract(l0)).isEqualTo(BigInteger.valueOf(500));
    }

    @Test
    void onlyTheAdminSetsSharesAndTheyMustSumToTenThousand() throws Exception {
        String at = tips.getContractAddress();
        anvil.assertReverts(viewer, at, tips.setShares(BigInteger.valueOf(7000), BigInteger.valueOf(2000), BigInteger.valueOf(1000)), "AccessControlUnauthorizedAccount");
        anvil.assertReverts(admin, at, tips.setShares(BigInteger.valueOf(7000), BigInteger.valueOf(2000), BigInteger.valueOf(999)), "SharesDoNotSumToTotal");
        anvil.assertReverts(admin, at, tips.setShares(BigInteger.valueOf(10000), BigInteger.valueOf(1), BigInteger.ZERO), "SharesDoNotSumToTotal");
        as(admin).setShares(BigInteger.valueOf(7000), BigInteger.valueOf(2000), BigInteger.valueOf(1000)).send();
        assertThat(tips.shares().send().component2()).isEqualTo(2000);
        as(admin).setShares(BigInteger.valueOf(8000), BigInteger.valueOf(1500), BigInteger.valueOf(500)).send();
    }

    @Test
    void revertsOnEmptyTips() throws Exception {
        String at = tips.getContractAddress();
        String data = tips.tip(content(3), creator.getAddress(), NOBODY, NOBODY, ref(), BigInteger.ZERO).encodeFunctionCall();
        anvil.assertReverts(viewer, at, data, BigInteger.ZERO, "ZeroTip");
        anvil.assertReverts(viewer, at, tips.tip(new byte[32], creator.getAddress(), NOBODY, NOBODY, ref(), BigInteger.ONE).encodeFunctionCall(), BigInteger.ONE, "ZeroContent");
        anvil.assertReverts(viewer, at, tips.tip(content(3), NOBODY, NOBODY, NOBODY, ref(), BigInteger.ONE).encodeFunctionCall(), BigInteger.ONE, "ZeroCreator");
        anvil.assertReverts(viewer, at, tips.tip(content(3), creator.getAddress(), NOBODY, NOBODY, new byte[32], BigInteger.ONE).encodeFunctionCall(), BigInteger.ONE, "ZeroRef");
        anvil.assertReverts(viewer, at, tips.withdraw(BigInteger.ZERO), "ZeroAmount");
    }

    @Test
    void aReentrantRecipientCannotWithdrawTwice() throws Exception {
        ReentrantAgent attacker = ReentrantAgent.deploy(anvil.web3j, anvil.signer(serving), Anvil.GAS).send();
        BigInteger tip = Convert.toWei("1", Convert.Unit.ETHER).toBigIntegerExact();
        as(viewer).tip(content(4), attacker.getContractAddress(), NOBODY, NOBODY, ref(), tip).send();
        BigInteger held = anvil.ethBalance(tips.getContractAddress());
        byte[] withdraw = Numeric.hexStringToByteArray(tips.withdraw(tip).encodeFunctionCall());
        attacker.act(tips.getContractAddress(), withdraw, withdraw).send();
        assertThat(attacker.reentryAttempts().send()).isEqualTo(1);
        assertThat(attacker.reentrySucceeded().send()).isFalse();
        assertThat(anvil.ethBalance(attacker.getContractAddress())).isEqualTo(tip);
        assertThat(anvil.ethBalance(tips.getContractAddress())).isEqualTo(held.subtract(tip));
        assertThat(tips.balanceOf(attacker.getContractAddress()).send()).isZero();
    }
}
