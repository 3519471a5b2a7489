package dev.shoal.contracts.market;

import java.util.List;

/**
 * A deal the marketplace placed on this agent: fetch the content from the sources and keep it pinned until
 * {@code pinUntilMillis}. The manifest is carried whole (its creator's signature is what the agent trusts, not
 * the marketplace).
 *
 * @param manifest the signed manifest's JSON form (contracts' ManifestJson)
 * @param sources  base URLs of agents (or mirrors) serving {@code /segments/{sha256}}
 */
public record DealOffer(String dealId, String contentId, String manifest, List<String> sources, long pinUntilMillis) {

    public DealOffer {
        sources = sources == null ? List.of() : List.copyOf(sources);
    }
}
