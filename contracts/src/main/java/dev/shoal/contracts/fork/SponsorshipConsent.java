package dev.shoal.contracts.fork;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.contracts.error.ContentException;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.Address;
import dev.shoal.contracts.identity.Signature;
import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.contracts.identity.TypedData;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;

/**
 * A creator's consent to one ad fork, as EIP-712 typed data: what a wallet shows the creator before they sign, what
 * the marketplace and the gateway check, and what the sponsorship contract recovers with {@code ecrecover}. The terms
 * fix the original, the fork's content id (which fixes the cue points and the ad's bytes), the advertiser, the amount
 * the advertiser pays the creator over the term (sUSD units, 10^-6 sUSD), the term, the replicas the advertiser must
 * fund, and whether a much better seeded fork may be offered to viewers before the original. The nonce makes two
 * consents to the same terms distinct; the contract takes each consent once.
 *
 * <p>Domain: {@value #DOMAIN_NAME}, version {@value #DOMAIN_VERSION}, the chain's id and the sponsorship contract's
 * address, so a consent signed for one chain or contract is worth nothing on another.
 */
public record SponsorshipConsent(long chainId, Address contract, Sha256 original, Sha256 fork, Address creator, Address advertiser,
                                 BigInteger amount, int replicas, long startSeconds, long endSeconds, boolean offerFirst,
                                 BigInteger nonce) {

    public static final String DOMAIN_NAME = "Shoal Sponsorship";
    public static final String DOMAIN_VERSION = "1";
    /** The primary type, exactly as the contract hashes it. */
    public static final String TYPE = "Consent(bytes32 original,bytes32 fork,address creator,address advertiser,uint256 amount,"
            + "uint16 replicas,uint64 start,uint64 end,bool offerFirst,uint256 nonce)";
    public static final int MIN_REPLICAS = 5;
    public static final int MAX_REPLICAS = 10;

    private static final ObjectMapper JSON = new ObjectMapper();

    public SponsorshipConsent {
        if (chainId <= 0 || contract == null || original == null || fork == null || creator == null || advertiser == null
                || amount == null || nonce == null) {
            throw new ContentException.MalformedValue("a consent names the chain, the contract, the original, the fork, the creator,"
                    + " the advertiser, the amount and a nonce");
        }
        if (amount.signum() <= 0 || amount.bitLength() > 256 || nonce.signum() < 0 || nonce.bitLength() > 256) {
            throw new ContentException.MalformedValue("a consent's amount is positive and its nonce non-negative, both uint256");
        }
        if (replicas < MIN_REPLICAS || replicas > MAX_REPLICAS) {
            throw new ContentException.MalformedValue("a fork is kept in " + MIN_REPLICAS + " to " + MAX_REPLICAS + " replicas, not " + replicas);
        }
        if (startSeconds < 0 || endSeconds <= startSeconds) {
            throw new ContentException.MalformedValue("a consent's term ends after it starts");
        }
        if (original.equals(fork)) {
            throw new ContentException.MalformedValue("a fork is not its own original");
        }
    }

    /** The typed data as {@code eth_signTypedData_v4} takes it (and as web3j hashes it): domain, types, message. */
    public String typedDataJson() {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode types = root.putObject("types");
        ArrayNode domainType = types.putArray("EIP712Domain");
        field(domainType, "name", "string");
        field(domainType, "version", "string");
        field(domainType, "chainId", "uint256");
        field(domainType, "verifyingContract", "address");
        ArrayNode consent = types.putArray("Consent");
        field(consent, "original", "bytes32");
        field(consent, "fork", "bytes32");
        field(consent, "creator", "address");
        field(consent, "advertiser", "address");
        field(consent, "amount", "uint256");
        field(consent, "replicas", "uint16");
        field(consent, "start", "uint64");
        field(consent, "end", "uint64");
        field(consent, "offerFirst", "bool");
        field(consent, "nonce", "uint256");
        root.put("primaryType", "Consent");
        ObjectNode domain = root.putObject("domain");
        domain.put("name", DOMAIN_NAME);
        domain.put("version", DOMAIN_VERSION);
        domain.put("chainId", chainId);
        domain.put("verifyingContract", contract.toString());
        ObjectNode message = root.putObject("message");
        message.put("original", "0x" + original.hex());
        message.put("fork", "0x" + fork.hex());
        message.put("creator", creator.toString());
        message.put("advertiser", advertiser.toString());
        message.put("amount", amount.toString());
        message.put("replicas", replicas);
        message.put("start", startSeconds);
        message.put("end", endSeconds);
        message.put("offerFirst", offerFirst);
        message.put("nonce", nonce.toString());
        return root.toString();
    }

    /** The EIP-712 digest: keccak256(0x1901 || domainSeparator || hashStruct(consent)). */
    public byte[] digest() {
        return TypedData.digest(typedDataJson());
    }

    /** Signed with the creator's key (in tests and tools; a person signs in their wallet). */
    public Signed sign(SigningKey creatorKey) {
        return new Signed(this, creatorKey.signDigest(digest()));
    }

    /**
     * Checks that {@code signature} is the creator's over these terms and that the term has not lapsed at {@code now}.
     *
     * @throws ContentException.ConsentRejected naming what does not hold
     */
    public void verify(Signature signature, Instant now) {
        Address signer;
        try {
            signer = signature.recoverDigestSigner(digest());
        } catch (ContentException.SignatureMalformed e) {
            throw new ContentException.ConsentRejected("the consent's signature is malformed: " + e.getMessage());
        }
        if (!signer.equals(creator)) {
            throw new ContentException.ConsentRejected("the consent is signed by " + signer + ", not by the original's creator " + creator);
        }
        if (now.getEpochSecond() >= endSeconds) {
            throw new ContentException.ConsentRejected("the consent lapsed at " + Instant.ofEpochSecond(endSeconds) + ", the end of its term");
        }
    }

    /** Checks that these terms are for this fork of this original (a consent for other cue points or ad bytes names another fork). */
    public void requireCovers(Sha256 originalId, Sha256 forkId) {
        if (!original.equals(originalId)) {
            throw new ContentException.ConsentRejected("the consent is for original " + original.hex() + ", not " + originalId.hex());
        }
        if (!fork.equals(forkId)) {
            throw new ContentException.ConsentRejected("the consent is for fork " + fork.hex() + ", not " + forkId.hex()
                    + ": other cue points or other ad bytes make another fork, which needs its own consent");
        }
    }

    /** A consent and its signature read back from {@link #toJson}; verify it with {@link #verify}. */
    public record Signed(SponsorshipConsent consent, Signature signature) {

        /** The wire form: {@code {"version":1,"typedData":{...as the wallet signed it...},"signature":"0x..."}}. */
        public String toJson() {
            ObjectNode root = JSON.createObjectNode();
            root.put("version", 1);
            root.set("typedData", readTree(consent.typedDataJson()));
            root.put("signature", signature.hex());
            return root.toString();
        }

        public static Signed fromJson(String json) {
            try {
                JsonNode root = JSON.readTree(json);
                if (root.path("version").asInt() != 1) {
                    throw new ContentException.MalformedValue("consent version " + root.path("version") + " is not 1");
                }
                return new Signed(fromTypedData(root.path("typedData")), Signature.fromHex(root.path("signature").asText()));
            } catch (ContentException e) {
                throw e;
            } catch (Exception e) {
                throw new ContentException.MalformedValue("not a sponsorship consent: " + e.getMessage());
            }
        }
    }

    /** The terms read back from their typed data ({@link #typedDataJson}'s form), as a wallet shows them before signing. */
    public static SponsorshipConsent fromTypedData(JsonNode typedData) {
        try {
            JsonNode domain = typedData.path("domain");
            JsonNode m = typedData.path("message");
            if (!DOMAIN_NAME.equals(domain.path("name").asText()) || !DOMAIN_VERSION.equals(domain.path("version").asText())) {
                throw new ContentException.MalformedValue("not a " + DOMAIN_NAME + " " + DOMAIN_VERSION + " consent");
            }
            return new SponsorshipConsent(domain.path("chainId").asLong(), Address.parse(domain.path("verifyingContract").asText()),
                    Sha256.fromHex(strip(m.path("original").asText())), Sha256.fromHex(strip(m.path("fork").asText())),
                    Address.parse(m.path("creator").asText()), Address.parse(m.path("advertiser").asText()),
                    new BigInteger(m.path("amount").asText()), m.path("replicas").asInt(), m.path("start").asLong(),
                    m.path("end").asLong(), m.path("offerFirst").asBoolean(), new BigInteger(m.path("nonce").asText()));
        } catch (ContentException e) {
            throw e;
        } catch (Exception e) {
            throw new ContentException.MalformedValue("not a sponsorship consent's typed data: " + e.getMessage());
        }
    }

    private static String strip(String hex) {
        return hex.startsWith("0x") ? hex.substring(2) : hex;
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void field(ArrayNode type, String name, String solidityType) {
        type.addObject().put("name", name).put("type", solidityType);
    }
}
