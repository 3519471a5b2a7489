package dev.shoal.contracts.fork;

import dev.shoal.contracts.error.ContentException;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.Address;
import dev.shoal.contracts.identity.SigningKey;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The creator's EIP-712 consent to a fork: the digest a wallet and the contract compute, signing, and each refusal. */
class SponsorshipConsentTests {

    static final SigningKey CREATOR = SigningKey.generate();
    static final SigningKey ADVERTISER = SigningKey.generate();
    static final Address CONTRACT = Address.parse("0x5FbDB2315678afecb367f032d93F642f64180aa3");
    static final Sha256 ORIGINAL = Sha256.of("original".getBytes(StandardCharsets.UTF_8));
    static final Sha256 FORK = Sha256.of("fork".getBytes(StandardCharsets.UTF_8));
    static final long START = 1_800_000_000L;
    static final long END = START + 90L * 86_400;

    final SponsorshipConsent consent = new SponsorshipConsent(31337, CONTRACT, ORIGINAL, FORK, CREATOR.address(), ADVERTISER.address(),
            new BigInteger("250000000"), 8, START, END, true, BigInteger.ONE);

    @Test
    void theDigestIsEip712sHashOfTheConsentUnderItsDomainAsSolidityComputesIt() {
        // computed here field by field, as the contract does with abi.encode and keccak256
        byte[] domainType = keccak("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
        byte[] domain = keccak(concat(domainType, keccak(SponsorshipConsent.DOMAIN_NAME), keccak(SponsorshipConsent.DOMAIN_VERSION),
                word(BigInteger.valueOf(31337)), word(CONTRACT)));
        byte[] consentType = keccak(SponsorshipConsent.TYPE);
        byte[] struct = keccak(concat(consentType, ORIGINAL.bytes(), FORK.bytes(), word(CREATOR.address()), word(ADVERTISER.address()),
                word(new BigInteger("250000000")), word(BigInteger.valueOf(8)), word(BigInteger.valueOf(START)), word(BigInteger.valueOf(END)),
                word(BigInteger.ONE), word(BigInteger.ONE)));
        byte[] digest = keccak(concat(new byte[] {0x19, 0x01}, domain, struct));

        assertThat(consent.digest()).isEqualTo(digest);
    }

    @Test
    void theCreatorsSignatureVerifiesUntilTheTermEndsAndTravelsAsJson() {
        SponsorshipConsent.Signed signed = consent.sign(CREATOR);
        consent.verify(signed.signature(), Instant.ofEpochSecond(START + 1));
        consent.requireCovers(ORIGINAL, FORK);

        SponsorshipConsent.Signed back = SponsorshipConsent.Signed.fromJson(signed.toJson());
        assertThat(back).isEqualTo(signed);
        back.consent().verify(back.signature(), Instant.ofEpochSecond(START + 1));
    }

    @Test
    void aConsentSignedByAnotherKeyPastItsTermForAnotherForkOrWithEditedTermsIsRefused() {
        Instant during = Instant.ofEpochSecond(START + 1);
        SponsorshipConsent.Signed byAdvertiser = consent.sign(ADVERTISER);
        assertThatThrownBy(() -> consent.verify(byAdvertiser.signature(), during)).isInstanceOf(ContentException.ConsentRejected.class)
                .hasMessageContaining("signed by " + ADVERTISER.address()).hasMessageContaining("not by the original's creator");

        SponsorshipConsent.Signed signed = consent.sign(CREATOR);
        assertThatThrownBy(() -> consent.verify(signed.signature(), Instant.ofEpochSecond(END)))
                .isInstanceOf(ContentException.ConsentRejected.class).hasMessageContaining("lapsed");

        assertThatThrownBy(() -> consent.requireCovers(ORIGINAL, Sha256.of(new byte[] {9})))
                .isInstanceOf(ContentException.ConsentRejected.class).hasMessageContaining("other cue points or other ad bytes");

        // the advertiser edits the amount in the JSON: the signature no longer recovers the creator
        String edited = signed.toJson().replace("\"amount\":\"250000000\"", "\"amount\":\"1\"");
        assertThat(edited).isNotEqualTo(signed.toJson());
        SponsorshipConsent.Signed tampered = SponsorshipConsent.Signed.fromJson(edited);
        assertThatThrownBy(() -> tampered.consent().verify(tampered.signature(), during)).isInstanceOf(ContentException.ConsentRejected.class)
                .hasMessageContaining("not by the original's creator");

        // the same terms on another chain or contract are another digest
        SponsorshipConsent otherChain = new SponsorshipConsent(1, CONTRACT, ORIGINAL, FORK, CREATOR.address(), ADVERTISER.address(),
                new BigInteger("250000000"), 8, START, END, true, BigInteger.ONE);
        assertThatThrownBy(() -> otherChain.verify(signed.signature(), during)).isInstanceOf(ContentException.ConsentRejected.class);
    }

    @Test
    void termsOutsideTheMarketsRulesAreNotAConsent() {
        assertThatThrownBy(() -> new SponsorshipConsent(31337, CONTRACT, ORIGINAL, FORK, CREATOR.address(), ADVERTISER.address(),
                BigInteger.TEN, 4, START, END, false, BigInteger.ZERO)).hasMessageContaining("5 to 10 replicas");
        assertThatThrownBy(() -> new SponsorshipConsent(31337, CONTRACT, ORIGINAL, FORK, CREATOR.address(), ADVERTISER.address(),
                BigInteger.TEN, 5, END, START, false, BigInteger.ZERO)).hasMessageContaining("ends after it starts");
        assertThatThrownBy(() -> new SponsorshipConsent(31337, CONTRACT, ORIGINAL, ORIGINAL, CREATOR.address(), ADVERTISER.address(),
                BigInteger.TEN, 5, START, END, false, BigInteger.ZERO)).hasMessageContaining("not its own original");
        assertThatThrownBy(() -> SponsorshipConsent.Signed.fromJson("{\"version\":2}")).isInstanceOf(ContentException.MalformedValue.class);
    }

    private static byte[] keccak(String text) {
        return Hash.sha3(text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] keccak(byte[] bytes) {
        return Hash.sha3(bytes);
    }

    private static byte[] word(BigInteger v) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[32];
        int n = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - n, out, 32 - n, n);
        return out;
    }

    private static byte[] word(Address a) {
        return word(new BigInteger(1, a.bytes()));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
