package dev.shoal.gateway.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.contracts.identity.Address;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The relay agents a room's creator chose to carry it (docs/live.md, "Chosen relays"), named as every part names an
 * agent: by the address of its key (what its relay claims are signed with). No list: any agent that opts in may relay
 * the room. With one, only those agents' claims are taken, and only they are ranked as sources and listed to the origin.
 */
public final class ChosenRelays {

    /** At most this many: a download uses at most 8 sources. */
    public static final int MAX = LiveSources.MAX_SOURCES;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ChosenRelays() {
    }

    /**
     * The creator's list checked and normalised (each an agent address, at most {@value #MAX}, duplicates once); null
     * stays null (any agent).
     *
     * @throws ProblemException 400 {@code invalid-request} naming what is wrong
     */
    public static List<String> parse(List<String> given) {
        if (given == null) {
            return null;
        }
        if (given.isEmpty()) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "chosenRelays names at least one relay agent;"
                    + " leave it out (null) to let any agent that opts in relay the room");
        }
        Set<String> out = new LinkedHashSet<>();
        for (String agent : given) {
            try {
                out.add(Address.parse(agent == null ? "" : agent.strip()).toString());
            } catch (RuntimeException e) {
                throw new ProblemException(ProblemType.INVALID_REQUEST, "chosenRelays: \"" + agent
                        + "\" is not an agent's address (0x and 40 hex digits, the key its relay claims are signed with)");
            }
        }
        if (out.size() > MAX) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "chosenRelays names " + out.size() + " relay agents;"
                    + " at most " + MAX);
        }
        return List.copyOf(out);
    }

    /** What {@code live_room.chosen_relays} holds: a JSON array of addresses, or null (any agent). */
    static String column(List<String> chosen) {
        try {
            return chosen == null ? null : JSON.writeValueAsString(chosen);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> of(String column) {
        if (column == null) {
            return null;
        }
        try {
            return List.copyOf(JSON.readValue(column, new TypeReference<ArrayList<String>>() { }));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("live_room.chosen_relays is not a JSON array: " + column, e);
        }
    }

    /** Whether the room takes this agent as a relay: any agent when the creator chose none, else one of the chosen. */
    static boolean admits(List<String> chosen, String agent) {
        return chosen == null || (agent != null && chosen.contains(Address.parse(agent).toString()));
    }

    /** The relays that remain sources: every one, or the chosen only. */
    static List<LiveRelay> admitted(List<String> chosen, List<LiveRelay> relays) {
        return chosen == null ? relays : relays.stream().filter(r -> admits(chosen, r.agent)).toList();
    }
}
