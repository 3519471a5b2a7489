package dev.shoal.contracts.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Type;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Numeric;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Functions, events and custom errors of the Shoal contracts, read from the ABIs this module ships (the same
 * files the wrappers are generated from), so calls, logs and reverts are named without hand-kept tables.
 */
public final class AbiCatalogue {

    public static final List<String> CONTRACTS = List.of("StorageEscrow", "TipSplitter", "Sponsorship", "ShoalTestToken");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One decoded log: which contract's which event, its arguments by name (numbers as decimal strings). */
    public record DecodedEvent(String contract, String name, Map<String, Object> args) {
    }

    private record Param(String name, String type, boolean indexed) {
    }

    private record Entry(String contract, String name, List<Param> params) {
    }

    private final Map<String, Entry> events = new HashMap<>();   // topic0 -> event
    private final Map<String, Entry> errors = new HashMap<>();   // 4-byte selector -> error
    private final Map<String, String> functions = new HashMap<>();   // 4-byte selector -> function name

    public AbiCatalogue() {
        for (String contract : CONTRACTS) {
            for (JsonNode item : read(contract)) {
                String kind = item.path("type").asText();
                if (!kind.equals("event") && !kind.equals("error") && !kind.equals("function")) {
                    continue;
                }
                List<Param> params = new ArrayList<>();
                List<String> signatureTypes = new ArrayList<>();
                for (JsonNode input : item.path("inputs")) {
                    params.add(new Param(input.path("name").asText(), input.path("type").asText(), input.path("indexed").asBoolean(false)));
                    signatureTypes.add(canonicalType(input));
                }
                Entry entry = new Entry(contract, item.path("name").asText(), params);
                String hash = Hash.sha3String(entry.name() + "(" + String.join(",", signatureTypes) + ")");
                switch (kind) {
                    case "event" -> events.putIfAbsent(hash, entry);
                    case "error" -> errors.putIfAbsent(hash.substring(0, 10), entry);
                    default -> functions.putIfAbsent(hash.substring(0, 10), entry.name());
                }
            }
        }
    }

    /** A parameter's type as selectors spell it: a struct is the tuple of its members' types, e.g. {@code (bytes32,uint64)[]}. */
    private static String canonicalType(JsonNode param) {
        String type = param.path("type").asText();
        if (!type.startsWith("tuple")) {
            return type;
        }
        List<String> members = new ArrayList<>();
        for (JsonNode component : param.path("components")) {
            members.add(canonicalType(component));
        }
        return "(" + String.join(",", members) + ")" + type.substring("tuple".length());
    }

    private static JsonNode read(String contract) {
        String resource = "/dev/shoal/contracts/chain/abi/" + contract + "_sol_" + contract + ".abi";
        try (InputStream in = AbiCatalogue.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("ABI missing from the contracts-chain jar: " + resource);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The log decoded by its first topic, or empty when it is no event of ours. */
    public Optional<DecodedEvent> decode(Log log) {
        if (log.getTopics() == null || log.getTopics().isEmpty()) {
            return Optional.empty();
        }
        Entry entry = events.get(log.getTopics().get(0));
        if (entry == null) {
            return Optional.empty();
        }
        List<TypeReference<Type>> plain = new ArrayList<>();
        for (Param p : entry.params()) {
            if (!p.indexed()) {
                plain.add(reference(p.type()));
            }
        }
        List<Type> values = FunctionReturnDecoder.decode(log.getData(), plain);
        Map<String, Object> args = new LinkedHashMap<>();
        int topic = 1;
        int value = 0;
        for (Param p : entry.params()) {
            Type decoded = p.indexed()
                    ? FunctionReturnDecoder.decodeIndexedValue(log.getTopics().get(topic++), reference(p.type()))
                    : values.get(value++);
            args.put(p.name(), json(decoded));
        }
        return Optional.of(new DecodedEvent(entry.contract(), entry.name(), args));
    }

    /** The function that call data calls, by its selector, e.g. {@code withdraw}. */
    public Optional<String> functionName(String callData) {
        if (callData == null || callData.length() < 10) {
            return Optional.empty();
        }
        return Optional.ofNullable(functions.get(callData.substring(0, 10).toLowerCase(Locale.ROOT)));
    }

    /** The custom error named by revert data (selector and arguments), e.g. {@code UnknownOrder(0x…)}. */
    public Optional<String> errorName(String revertData) {
        if (revertData == null || revertData.length() < 10) {
            return Optional.empty();
        }
        Entry entry = errors.get(revertData.substring(0, 10).toLowerCase(Locale.ROOT));
        return Optional.ofNullable(entry).map(Entry::name);
    }

    /** The custom error with its arguments, for messages. */
    public Optional<String> describeError(String revertData) {
        return errorName(revertData).map(name -> {
            Entry entry = errors.get(revertData.substring(0, 10).toLowerCase(Locale.ROOT));
            List<TypeReference<Type>> refs = entry.params().stream().map(p -> reference(p.type())).toList();
            List<Type> values = FunctionReturnDecoder.decode("0x" + revertData.substring(10), refs);
            List<String> shown = values.stream().map(v -> String.valueOf(json(v))).toList();
            return name + "(" + String.join(", ", shown) + ")";
        });
    }

    @SuppressWarnings("unchecked")
    private static TypeReference<Type> reference(String solidityType) {
        try {
            return (TypeReference<Type>) TypeReference.makeTypeReference(solidityType, false, false);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("unsupported ABI type " + solidityType, e);
        }
    }

    private static Object json(Type value) {
        Object raw = value.getValue();
        if (raw instanceof BigInteger number) {
            return number.toString();
        }
        if (raw instanceof byte[] bytes) {
            return Numeric.toHexString(bytes);
        }
        if (raw instanceof List<?> list) {
            return list.stream().map(item -> item instanceof Type t ? json(t) : item).toList();
        }
        return raw instanceof Boolean ? raw : String.valueOf(raw);
    }
}
