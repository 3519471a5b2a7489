package dev.shoal.contracts.event;

/** The Kafka topics Shoal's services share. The topic names are stable. */
public enum Topic {

    /** The marketplace's facts (agents, contents, orders, deals, audits, repair) and the contracts' events. */
    EVENTS("shoal.events"),

    /**
     * Live rooms' facts (each accepted announcement, each state change), keyed by room; every gateway instance reads
     * all of it (docs/live.md).
     */
    LIVE_ANNOUNCEMENTS("shoal.live.announcements");

    private final String topicName;

    Topic(String topicName) {
        this.topicName = topicName;
    }

    public String topicName() {
        return topicName;
    }
}
