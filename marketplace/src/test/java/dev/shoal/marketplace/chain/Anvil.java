package dev.shoal.marketplace.chain;

import dev.shoal.contracts.chain.AbiCatalogue;
import dev.shoal.contracts.chain.generated.ShoalTestToken;
import dev.shoal.contracts.chain.generated.StorageEscrow;
import org.eclipse.microprofile.config.ConfigProvider;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.gas.ContractGasProvider;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

import java.math.BigInteger;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The test chain: anvil from the launcher (RealServices, shared by every test of the JVM) and its ten
 * funded accounts (the public "test test ... junk" mnemonic). Accounts 7 and 9 belong to the
 * marketplace's own tests (creator, auditor), the others to the contract tests.
 */
final class Anvil {

    static final List<String> KEYS = List.of(
            "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
            "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
            "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
            "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
            "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
            "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
            "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e",
            "0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356",
            "0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97",
            "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6");
    static final long CHAIN_ID = 31337;
    static final ContractGasProvider GAS = new StaticGasProvider(BigInteger.valueOf(20_000_000_000L), BigInteger.valueOf(25_000_000));
    static final AbiCatalogue ABI = new AbiCatalogue();

    final HttpService http;
    final Web3j web3j;

    Anvil(String rpcUrl) {
        this.http = new HttpService(rpcUrl);
        this.web3j = Web3j.build(http);
    }

    /**
     * The anvil of the running test application. The tests are {@code @QuarkusTest}s with the same
     * RealServices resource as the other ITs: one stack per test JVM, whatever runs first (a plain test
     * calling RealServices would see another class loader's copy and try to start a second stack).
     */
    static Anvil connect() {
        return new Anvil(ConfigProvider.getConfig().getValue("shoal.chain.rpc-url", String.class));
    }

    static Credentials account(int index) {
        return Credentials.create(KEYS.get(index));
    }

    TransactionManager signer(Credentials key) {
        return new RawTransactionManager(web3j, key, CHAIN_ID, new PollingTransactionReceiptProcessor(web3j, 100, 300));
    }

    ShoalTestToken deployToken(Credentials admin) throws Exception {
        return ShoalTestToken.deploy(web3j, signer(admin), GAS, admin.getAddress()).send();
    }

    StorageEscrow deployEscrow(Credentials admin, String token, Credentials auditor, long graceSeconds) throws Exception {
        return StorageEscrow.deploy(web3j, signer(admin), GAS, token, admin.getAddress(), auditor.getAddress(), BigInteger.valueOf(graceSeconds)).send();
    }

    StorageEscrow escrowAs(StorageEscrow escrow, Credentials key) {
        return StorageEscrow.load(escrow.getContractAddress(), web3j, signer(key), GAS);
    }

    ShoalTestToken tokenAs(ShoalTestToken token, Credentials key) {
        return ShoalTestToken.load(token.getContractAddress(), web3j, signer(key), GAS);
    }

    /** Runs the call as {@code from} without sending it and asserts it reverts with the named custom error. */
    void assertReverts(Credentials from, String to, RemoteFunctionCall<?> call, String error) throws Exception {
        assertReverts(from, to, call.encodeFunctionCall(), BigInteger.ZERO, error);
    }

    void assertReverts(Credentials from, String to, String data, BigInteger value, String error) throws Exception {
        EthCall result = web3j.ethCall(Transaction.createFunctionCallTransaction(from.getAddress(), null, null, null, to, value, data),
                DefaultBlockParameterName.LATEST).send();
        assertThat(result.hasError()).as("expected revert %s", error).isTrue();
        String revertData = result.getError().getData() == null ? null : result.getError().getData().replace("\"", "");
        assertThat(ABI.errorName(revertData)).as("revert data %s (%s)", revertData, result.getError().getMessage()).contains(error);
    }

    /** Sends without estimating first, so a call that reverts is mined anyway (and costs its gas); its receipt. */
    TransactionReceipt sendUnchecked(Credentials from, String to, String data, BigInteger value) throws Exception {
        EthSendTransaction sent = signer(from).sendTransaction(GAS.getGasPrice(), BigInteger.valueOf(500_000), to, data, value);
        assertThat(sent.hasError()).as("sent: %s", sent.getError() == null ? "" : sent.getError().getMessage()).isFalse();
        return new PollingTransactionReceiptProcessor(web3j, 100, 300).waitForTransactionReceipt(sent.getTransactionHash());
    }

    long gasUsed(TransactionReceipt receipt) {
        assertThat(receipt.isStatusOK()).isTrue();
        return receipt.getGasUsed().longValueExact();
    }

    BigInteger ethBalance(String address) throws Exception {
        return web3j.ethGetBalance(address, DefaultBlockParameterName.LATEST).send().getBalance();
    }

    /** Moves the chain's clock forward and mines a block. */
    void advanceTime(long seconds) throws Exception {
        new Request<>("evm_increaseTime", List.of(seconds), http, Response.class).send();
        new Request<>("evm_mine", List.of(), http, Response.class).send();
    }
}
