package dev.shoal.contracts.merkle;

/** One level of a Merkle path: the sibling, and whether it sits to the left of the path. */
public record PathStep(boolean siblingOnLeft, MerkleNode sibling) {

    public PathStep {
        if (sibling == null) {
            throw new IllegalArgumentException("a path step needs its sibling");
        }
    }
}
