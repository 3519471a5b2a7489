package dev.shoal.gateway.tips;

import dev.shoal.contracts.error.ContentException;
import dev.shoal.contracts.identity.Address;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;

import java.math.BigInteger;
import java.util.Map;
import java.util.UUID;

/** The fields every tip endpoint reads, checked once: each refusal is a 400 invalid-request naming its field. */
final class TipRequests {

    static final String ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";
    static final int MAX_LIST = 500;

    private TipRequests() {
    }

    static UUID tipId(String text) {
        try {
            if (text == null) {
                throw new IllegalArgumentException();
            }
            UUID id = UUID.fromString(text);
            if (!id.toString().equalsIgnoreCase(text)) {
                throw new IllegalArgumentException();
            }
            return id;
        } catch (IllegalArgumentException e) {
            throw invalid("tipId", "tipId is a UUID the player chooses once per tip (e.g. crypto.randomUUID())");
        }
    }

    static BigInteger amount(String text, BigInteger max) {
        if (text == null || !text.matches("[+-]?[0-9]{1,80}")) {
            throw invalid("amountWei", "amountWei is a whole number of wei as a decimal string, e.g. \"1000000000000000\"");
        }
        BigInteger amount = new BigInteger(text);
        if (amount.signum() <= 0) {
            throw invalid("amountWei", "amountWei must be more than 0, not " + text);
        }
        if (max != null && amount.compareTo(max) > 0) {
            throw invalid("amountWei", "amountWei " + text + " is more than the largest tip this gateway accepts (" + max + " wei)");
        }
        if (amount.bitLength() > 256) {
            throw invalid("amountWei", "amountWei does not fit in 256 bits");
        }
        return amount;
    }

    static Address address(String field, String text) {
        try {
            Address a = Address.parse(text);
            if (a.lowerHex().equals(ZERO_ADDRESS)) {
                throw new ContentException.MalformedValue("the zero address is nobody's");
            }
            return a;
        } catch (ContentException e) {
            throw invalid(field, field + " is an account address (0x and 40 hex digits): " + e.getMessage());
        }
    }

    static int limit(Integer limit) {
        if (limit == null) {
            return 100;
        }
        if (limit < 1 || limit > MAX_LIST) {
            throw invalid("limit", "limit is between 1 and " + MAX_LIST);
        }
        return limit;
    }

    static ProblemException invalid(String field, String detail) {
        return new ProblemException(ProblemType.INVALID_REQUEST, detail, Map.of("field", field));
    }
}
