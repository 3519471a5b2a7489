package dev.shoal.contracts.receipt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.contracts.error.ContentException;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.Address;
import dev.shoal.contracts.identity.Signature;
import dev.shoal.contracts.identity.SignedMessages;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A serving receipt with the agent's EIP-191 signature. */
public record SignedReceipt(ServingReceipt receipt, Signature signature) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public SignedReceipt {
        if (receipt == null || signature == null) {
            throw new ContentException.MalformedValue("a signed receipt needs a receipt and a signature");
        }
    }

    /**
     * The receipt, once checked to be signed by the agent it names: the one place every receiver (the gateway's tips,
     * the marketplace's ad delivery, {@link ReceiptVerifier}) checks it. A signature that does not recover throws its
     * {@link ContentException}; one by another key {@link ContentException.SignatureMismatch} (forged or altered).
     */
    public ServingReceipt signedByItsAgent() {
        Address signer = signature.recoverSigner(receipt.signedText());
        if (!signer.equals(receipt.agent())) {
            throw new ContentException.SignatureMismatch(SignedMessages.RECEIPT, "it names agent " + receipt.agent()
                    + " but is signed by " + signer + ": it was forged or altered");
        }
        return receipt;
    }

    public String toJson() {
        ServingReceipt r = receipt;
        ObjectNode n = MAPPER.createObjectNode();
        n.put("receiptId", r.receiptId());
        n.put("contentId", r.contentId().hex());
        n.put("segment", r.segment().hex());
        n.put("bytes", r.bytes());
        n.put("viewerSession", r.viewerSession());
        n.put("issuedAtMillis", r.issuedAtMillis());
        n.put("agent", r.agent().toString());
        n.put("signature", signature.hex());
        return n.toString();
    }

    /** The {@code Shoal-Receipt} header's value: base64url (no padding) of {@link #toJson()}. */
    public String header() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(toJson().getBytes(StandardCharsets.UTF_8));
    }

    /** Parses a {@code Shoal-Receipt} header's value as a player holds it; {@link ReceiptVerifier} checks it. */
    public static SignedReceipt fromHeader(String value) {
        if (value == null || value.isBlank()) {
            throw new ContentException.MalformedValue("an empty receipt");
        }
        String json;
        try {
            json = new String(Base64.getUrlDecoder().decode(value.trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ContentException.MalformedValue("not base64url (the Shoal-Receipt header's value as the agent sent it)");
        }
        return fromJson(json);
    }

    /** Parses the JSON form; {@link ReceiptVerifier} checks it. */
    public static SignedReceipt fromJson(String json) {
        try {
            JsonNode n = MAPPER.readTree(json);
            ServingReceipt r = new ServingReceipt(n.get("receiptId").textValue(),
                    Sha256.fromHex(n.get("contentId").textValue()), Sha256.fromHex(n.get("segment").textValue()),
                    n.get("bytes").longValue(), n.get("viewerSession").textValue(), n.get("issuedAtMillis").longValue(),
                    Address.parse(n.get("agent").textValue()));
            return new SignedReceipt(r, Signature.fromHex(n.get("signature").textValue()));
        } catch (ContentException e) {
            throw e;
        } catch (Exception e) {
            throw new ContentException.MalformedValue("not a serving receipt: " + e.getMessage());
        }
    }
}
