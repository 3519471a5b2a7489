package dev.shoal.agent.store;

import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;

import java.util.Map;

/** New data does not fit and only pinned segments are left to evict. Nothing was written. */
public class StoreFullException extends ProblemException {

    public StoreFullException(long needed, long quota, long pinned) {
        super(ProblemType.STORE_FULL, "the store needs " + needed + " more bytes but its quota of " + quota
                + " bytes holds " + pinned + " bytes of pinned segments, which are never evicted: raise the quota"
                + " (distributor-agent quota SIZE) or unpin a content", Map.of("quotaBytes", quota, "pinnedBytes", pinned));
    }
}
