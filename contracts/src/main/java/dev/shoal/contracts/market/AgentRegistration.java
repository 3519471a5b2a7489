package dev.shoal.contracts.market;

import dev.shoal.contracts.codec.CanonicalWriter;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.Address;
import dev.shoal.contracts.identity.SigningKey;

import java.math.BigInteger;
import java.time.Clock;

/**
 * An agent offering storage: its payout address (proven by the signature), where it serves, how much it offers
 * and at what price. Re-sent on every start; the newest {@code issuedAtMillis} wins.
 *
 * @param version            1
 * @param agent              payout address, 0x-hex (checksummed or lowercase)
 * @param endpoint           base URL viewers and other agents fetch {@code /segments/{sha256}} from
 * @param capacityBytes      the quota the operator gives the store
 * @param pricePerGbEpochWei asking price per GB (10^9 bytes) and epoch, decimal wei
 * @param region             free text chosen by the operator (e.g. "eu-west"), used for placement diversity
 * @param signature          0x-hex, 65 bytes
 */
public record AgentRegistration(int version, String agent, String endpoint, long capacityBytes,
                                String pricePerGbEpochWei, String region, long issuedAtMillis, String signature) {

    public static AgentRegistration sign(SigningKey key, String endpoint, long capacityBytes, BigInteger pricePerGbEpochWei,
                                         String region, Clock clock) {
        AgentRegistration unsigned = new AgentRegistration(1, key.address().toString(), endpoint, capacityBytes,
                pricePerGbEpochWei.toString(), region, clock.millis(), null);
        return unsigned.withSignature(key.sign(MarketSignatures.text(MarketSignatures.REGISTRATION, unsigned.digest())).hex());
    }

    public Sha256 digest() {
        return new CanonicalWriter(256).str("shoal-registration/1").u32(version).raw(Address.parse(agent).bytes())
                .str(endpoint).u64(capacityBytes).str(pricePerGbEpochWei).str(region).u64(issuedAtMillis).sha256();
    }

    /** The payout address, once the signature proves the sender holds its key. */
    public Address verify() {
        return MarketSignatures.verify(MarketSignatures.REGISTRATION, digest(), agent, signature);
    }

    private AgentRegistration withSignature(String sig) {
        return new AgentRegistration(version, agent, endpoint, capacityBytes, pricePerGbEpochWei, region, issuedAtMillis, sig);
    }
}
