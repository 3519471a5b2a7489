package dev.shoal.agent.live;

/** Server-sent events read line by line (a room's event stream at the gateway, {@code GET /live/{room}/events}). */
final class ServerSentEvents {

    /** One whole event: its name ({@code message} when none) and its data lines joined. */
    record Event(String name, String data) {
    }

    private String name = "message";
    private final StringBuilder data = new StringBuilder();

    /** The event this line completes (the blank line after it), or null. */
    Event line(String line) {
        if (line.isEmpty()) {
            Event e = new Event(name, data.toString());
            name = "message";
            data.setLength(0);
            return e;
        }
        if (line.startsWith("event:")) {
            name = line.substring(6).strip();
        } else if (line.startsWith("data:")) {
            if (!data.isEmpty()) {
                data.append('\n');
            }
            data.append(line.substring(5).stripLeading());
        }
        return null;
    }
}
