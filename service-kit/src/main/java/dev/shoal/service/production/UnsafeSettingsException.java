package dev.shoal.service.production;

import java.util.List;
import java.util.stream.Collectors;

/** Ends a production start that has demo or test settings; the message lists every one of them. */
public final class UnsafeSettingsException extends RuntimeException {

    private final transient List<Refusal> refusals;

    public UnsafeSettingsException(List<Refusal> refusals) {
        super("refusing to start in the production profile with settings meant for the local demo and tests:\n"
                + refusals.stream().map(r -> "  - " + r.message()).collect(Collectors.joining("\n"))
                + "\nSecrets come from the environment or from files (docs/operations.md, production settings);"
                + " ./shoal demo and the tests run in the dev and test profiles, which allow them.");
        this.refusals = List.copyOf(refusals);
    }

    public List<Refusal> refusals() {
        return refusals;
    }
}
