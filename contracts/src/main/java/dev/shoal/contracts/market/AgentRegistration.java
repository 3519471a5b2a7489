package dev.shoal.contracts.market;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.shoal.contracts.codec.CanonicalWriter;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.Address;
import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.contracts.money.Susd;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;

/**
 * An agent offering storage: its payout address (proven by the signature), where it serves, how much it offers
 * and at what price. Re-sent on every start; the newest {@code issuedAtMillis} wins.
 * <p>
 * Version 2 (what agents send now) states the ask as people and the quote do, per GB-month in sUSD units
 * ({@code pricePerGbMonthUnits}); the marketplace converts it to its own epoch, so an agent no longer needs to know the
 * marketplace's epoch. Version 1 stated it per GB-epoch ({@code pricePerGbEpochWei}) and is still read.
 *
 * @param version              1 or 2
 * @param agent                payout address, 0x-hex (checksummed or lowercase)
 * @param endpoint             base URL viewers and other agents fetch {@code /segments/{sha256}} from
 * @param capacityBytes        the quota the operator gives the store
 * @param pricePerGbEpochWei   version 1: asking price per GB (10^9 bytes) and epoch, decimal sUSD units; null in version 2
 * @param region               free text chosen by the operator (e.g. "eu-west"), used for placement diversity
 * @param signature            0x-hex, 65 bytes
 * @param pricePerGbMonthUnits version 2: asking price per GB and 30-day month, decimal sUSD units (10^-6 sUSD); null in version 1
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AgentRegistration(int version, String agent, String endpoint, long capacityBytes,
                                String pricePerGbEpochWei, String region, long issuedAtMillis, String signature,
                                String pricePerGbMonthUnits) {

    /** The version agents send now. */
    public static final int VERSION = 2;

    /** Version 1, the ask per GB-epoch (kept for agents and tests that speak in the escrow's terms). */
    public static AgentRegistration sign(SigningKey key, String endpoint, long capacityBytes, BigInteger pricePerGbEpochWei,
                                         String region, Clock clock) {
        AgentRegistration unsigned = new AgentRegistration(1, key.address().toString(), endpoint, capacityBytes,
                pricePerGbEpochWei.toString(), region, clock.millis(), null, null);
        return unsigned.withSignature(key.sign(MarketSignatures.text(MarketSignatures.REGISTRATION, unsigned.digest())).hex());
    }

    /** Version 2: the ask per GB-month in sUSD units. */
    public static AgentRegistration signPerMonth(SigningKey key, String endpoint, long capacityBytes, BigInteger pricePerGbMonthUnits,
                                                 String region, Clock clock) {
        AgentRegistration unsigned = new AgentRegistration(VERSION, key.address().toString(), endpoint, capacityBytes,
                null, region, clock.millis(), null, pricePerGbMonthUnits.toString());
        return unsigned.withSignature(key.sign(MarketSignatures.text(MarketSignatures.REGISTRATION, unsigned.digest())).hex());
    }

    public Sha256 digest() {
        if (version == 1) {
            return new CanonicalWriter(256).str("shoal-registration/1").u32(version).raw(Address.parse(agent).bytes())
                    .str(endpoint).u64(capacityBytes).str(pricePerGbEpochWei).str(region).u64(issuedAtMillis).sha256();
        }
        return new CanonicalWriter(256).str("shoal-registration/2").u32(version).raw(Address.parse(agent).bytes())
                .str(endpoint).u64(capacityBytes).str(pricePerGbMonthUnits).str(region).u64(issuedAtMillis).sha256();
    }

    /** The payout address, once the signature proves the sender holds its key. */
    public Address verify() {
        if (version != 1 && version != VERSION) {
            throw new dev.shoal.contracts.error.UnknownVersionException("agent registration", version, VERSION);
        }
        return MarketSignatures.verify(MarketSignatures.REGISTRATION, digest(), agent, signature);
    }

    /** The stated price, or null when the version's field is missing. */
    public String statedPrice() {
        return version == 1 ? pricePerGbEpochWei : pricePerGbMonthUnits;
    }

    /** The field that states the price in this version, for error messages. */
    public String priceField() {
        return version == 1 ? "pricePerGbEpochWei" : "pricePerGbMonthUnits";
    }

    /** The ask per GB and epoch of {@code epoch}, in sUSD units (version 2 converted, version 1 as stated). */
    public BigInteger askPerGbEpoch(Duration epoch) {
        return version == 1 ? new BigInteger(pricePerGbEpochWei) : Susd.perEpoch(new BigInteger(pricePerGbMonthUnits), epoch);
    }

    private AgentRegistration withSignature(String sig) {
        return new AgentRegistration(version, agent, endpoint, capacityBytes, pricePerGbEpochWei, region, issuedAtMillis, sig,
                pricePerGbMonthUnits);
    }
}
