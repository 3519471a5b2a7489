package dev.shoal.deploy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.cli.http.ServiceClient;
import dev.shoal.contracts.live.ArchiveTerms;
import dev.shoal.contracts.market.MarketAsks;
import dev.shoal.contracts.identity.DemoKeys;
import dev.shoal.deploy.ShoalHome;
import dev.shoal.deploy.creator.CreatorException;
import dev.shoal.deploy.creator.CreatorHome;
import dev.shoal.deploy.creator.CreatorSession;
import dev.shoal.deploy.creator.LocalStack;
import dev.shoal.deploy.stack.StackState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code shoal live open|attach|status|relays|end}: a creator's live rooms (docs/live.md), on the local stack by default. */
@Command(name = "live", mixinStandardHelpOptions = true, description = {"A creator's live rooms: open one (or attach your agent to one scheduled), see it, choose its relays, end it.",
        "Signed in with shoal login (or --token). Defaults (gateway, the creator's own agent) come from the local stack started by ./shoal up or ./shoal demo."},
        subcommands = {LiveCommand.Open.class, LiveCommand.Attach.class, LiveCommand.Status.class, LiveCommand.Relays.class, LiveCommand.End.class})
final class LiveCommand {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What every live subcommand needs: where the gateway is and who the creator is. */
    abstract static class Base implements Callable<Integer> {

        @Option(names = "--gateway", paramLabel = "URL", description = "the player gateway (default: the local stack's)")
        String gateway;

        @Option(names = "--token", paramLabel = "JWT", defaultValue = "${env:SHOAL_TOKEN}",
                description = "a bearer token of the creator (default: $SHOAL_TOKEN, else the login shoal login kept)")
        String token;

        @Spec
        CommandSpec spec;

        abstract int run(PrintWriter out) throws Exception;

        @Override
        public Integer call() {
            try {
                return run(spec.commandLine().getOut());
            } catch (ServiceClient.Refused e) {
                spec.commandLine().getErr().println("shoal live: " + e.getMessage());
                return 1;
            } catch (IllegalStateException | ServiceClient.Unreachable e) {
                spec.commandLine().getErr().println("shoal live: " + e.getMessage());
                return 1;
            } catch (Exception e) {
                spec.commandLine().getErr().println("shoal live: " + e);
                return 2;
            }
        }

        ServiceClient gateway() {
            return new ServiceClient(gateway != null ? gateway : url("player-gateway"));
        }

        String bearer() {
            if (token != null && !token.isBlank()) {
                return token;
            }
            try {
                return CreatorSession.open(CreatorHome.locate()).accessToken();
            } catch (CreatorException e) {
                throw new IllegalStateException(e.getMessage());
            }
        }

        static Optional<StackState> stack() {
            try {
                return StackState.read(ShoalHome.locate().stateDir());
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }

        static String url(String component) {
            return stack().flatMap(s -> s.components().stream().filter(c -> c.name().equals(component)).findFirst())
                    .map(StackState.Entry::url)
                    .orElseThrow(() -> new IllegalStateException("no " + component + " in a running local stack: give its URL"));
        }

        /**
         * A relay agent as the gateway names it, its address: given as such, or the name of an agent of the local stack
         * (agent-2), whose address its local API tells (with its operator token, as every local call).
         */
        static String agentAddress(String agent) {
            if (agent.startsWith("0x") || agent.startsWith("0X")) {
                return agent;
            }
            String agentUrl = stack().flatMap(s -> s.components().stream().filter(c -> c.name().equals(agent)).findFirst())
                    .map(StackState.Entry::url)
                    .orElseThrow(() -> new IllegalStateException("no agent " + agent + " in a running local stack: give its address (0x...)"));
            try {
                String operator = Files.readString(ShoalHome.locate().stateDir().resolve(agent).resolve("store").resolve("operator.token")).strip();
                HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(agentUrl + "/api/local/status"))
                        .header("X-Shoal-Operator-Token", operator).GET().build(), HttpResponse.BodyHandlers.ofString());
                String address = r.statusCode() == 200 ? JSON.readTree(r.body()).path("agent").asText("") : "";
                if (address.isEmpty()) {
                    throw new IllegalStateException("agent " + agent + " at " + agentUrl + " did not tell its address (" + r.statusCode() + ")");
                }
                return address;
            } catch (java.io.IOException e) {
                throw new IllegalStateException("agent " + agent + " at " + agentUrl + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted");
            }
        }

        /** One of the room's ranked sources: who, where, what it uploads (as people read it), how close to the live edge. */
        static String source(JsonNode s) {
            String kind = s.path("kind").asText();
            String who = s.hasNonNull("agent") ? kind + " " + s.path("agent").asText() : kind;
            if (!"relay".equals(kind)) {
                return who + " at " + s.path("url").asText();
            }
            long behind = s.path("behind").asLong();
            String measured = dev.shoal.contracts.live.LineSpeed.upload(s.hasNonNull("uploadBytesPerSecond") ? s.path("uploadBytesPerSecond").asLong() : null,
                    s.hasNonNull("uplinkBytesPerSecond") ? s.path("uplinkBytesPerSecond").asLong() : null);
            String upload = measured != null ? "uploading " + measured : "upload not reported (an agent older than relay claims version 2)";
            return who + " at " + s.path("url").asText() + ": " + upload + ", " + behind + (behind == 1 ? " segment" : " segments") + " behind";
        }


        static void print(PrintWriter out, JsonNode room) {
            print(out, room, true);
        }

        /** The room as {@code status} prints it; {@code orderLine} false leaves out its order's id, for a caller that prints the whole order next. */
        static void print(PrintWriter out, JsonNode room, boolean orderLine) {
            out.printf("room %s  %s  \"%s\"%n", room.path("room").asText(), room.path("state").asText(), room.path("title").asText());
            out.printf("  creator %s, %d s segments, at most %d s behind, %d watching here%n", room.path("creator").asText(),
                    room.path("segmentSeconds").asInt(), room.path("maxDelaySeconds").asInt(), room.path("viewers").asInt());
            if (room.path("shielded").asBoolean()) {
                JsonNode sources = room.path("sources");
                out.printf("  origin shielded: viewers reach only relay agents (%d relaying now%s)%n", sources.size(),
                        sources.isEmpty() && "LIVE".equals(room.path("state").asText()) ? ": nobody can watch; run some with ./shoal up --relays N" : "");
            }
            JsonNode chosen = room.path("chosenRelays");
            if (chosen.isArray()) {
                java.util.List<String> agents = new java.util.ArrayList<>();
                chosen.forEach(a -> agents.add(a.asText()));
                out.printf("  relays: %d chosen: %s%n", agents.size(), String.join(", ", agents));
            } else {
                out.println("  relays: any agent that opts in");
            }
            int rank = 0;
            for (JsonNode s : room.path("sources")) {
                out.printf("  source %d: %s%n", ++rank, source(s));
            }
            room.path("renditions").fields().forEachRemaining(r -> out.printf("  rendition %s: %d segments announced%n",
                    r.getKey(), r.getValue().asLong() + 1));
            if (room.hasNonNull("contentId")) {
                out.printf("  recording: content %s%n", room.path("contentId").asText());
            }
            JsonNode archive = room.path("archive");
            boolean preset = archive.hasNonNull("preset");
            String problem = archive.path("problem").asText("");
            switch (archive.path("state").asText("")) {
                case "REFUSED" -> out.printf(preset ? "  archive: the preset's order was not placed: the marketplace refused it: %s%n"
                        : "  recording: not registered: the marketplace refused it: %s%n", problem);
                case "PENDING" -> out.printf("  %s%s%n", preset ? "archive: the preset's order is being placed"
                        : "recording: being registered", problem.isEmpty() ? "" : " (" + problem + ")");
                case "PLACED" -> {
                    if (orderLine) {
                        out.printf("  archive: order %s%n", archive.path("orderId").asText());
                    }
                }
                default -> {
                }
            }
        }
    }

    @Command(name = "open", mixinStandardHelpOptions = true, description = {"Open a live room at the gateway, make your own agent its"
            + " origin, and print the URL to push HLS to (ffmpeg -method PUT, or OBS's HLS over HTTP)."})
    static final class Open extends Base {

        @Option(names = "--title", required = true, paramLabel = "TEXT", description = "what viewers see")
        String title;

        @Option(names = "--segment", defaultValue = "8", paramLabel = "SECONDS", description = "segment duration, 2 to 8 (default: ${DEFAULT-VALUE})")
        int segment;

        @Option(names = "--max-delay", paramLabel = "SECONDS", description = "how far behind the origin a viewer may fall (default: 3 segments)")
        Integer maxDelay;

        @Option(names = "--creator", paramLabel = "ADDRESS", description = "the address whose key the origin signs with (default: the demo creator's)")
        String creator;

        @Option(names = "--agent", defaultValue = "agent-1", paramLabel = "NAME",
                description = "your own agent in the local stack, which becomes the room's origin (default: ${DEFAULT-VALUE})")
        String agent;

        @Option(names = "--shield", description = {"shield the origin: viewers never learn its address, only the room's relay agents",
                "reach it (run some: ./shoal up --relays N)"})
        boolean shield;

        @Option(names = "--relay", paramLabel = "AGENT", description = {"a relay agent that may carry the room (repeatable, at most 8):"
                + " its address (0x...), or its name in the local stack (agent-2). Only these claim it, are named to viewers and reach"
                + " a shielded origin. Default: any agent that opts in"})
        java.util.List<String> relays;

        @Override
        int run(PrintWriter out) throws Exception {
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("title", title);
            request.put("shieldOrigin", shield);
            request.put("creator", creator != null ? creator : DemoKeys.creator().address().toString());
            request.put("segmentSeconds", segment);
            if (maxDelay != null) {
                request.put("maxDelaySeconds", maxDelay);
            }
            if (relays != null && !relays.isEmpty()) {
                request.put("chosenRelays", relays.stream().map(Base::agentAddress).toList());
            }
            ServiceClient gw = gateway();
            JsonNode room = gw.withBearer(bearer()).post("/api/live/rooms", request, JsonNode.class);
            attach(out, gw.url(), room, agent);
            return 0;
        }
    }

    @Command(name = "attach", mixinStandardHelpOptions = true, description = {"Make your own agent the origin of a room already"
            + " scheduled (at the studio page /studio/live, or with the room API), and print the URL to push HLS to with its"
            + " stream key (shown this once), the ffmpeg line and OBS's settings."})
    static final class Attach extends Base {

        @Parameters(index = "0", paramLabel = "ROOM", description = "the room id")
        String room;

        @Option(names = "--agent", defaultValue = "agent-1", paramLabel = "NAME",
                description = "your own agent in the local stack, which becomes the room's origin (default: ${DEFAULT-VALUE})")
        String agent;

        @Override
        int run(PrintWriter out) throws Exception {
            ServiceClient gw = gateway();
            attach(out, gw.url(), gw.get("/api/live/rooms/" + room, JsonNode.class), agent);
            return 0;
        }
    }

    /** The room at the creator's own agent in the local stack (its operator token from its data folder, as every local call). */
    static void attach(PrintWriter out, String gateway, JsonNode room, String agent) throws Exception {
        String operator = Files.readString(ShoalHome.locate().stateDir().resolve(agent).resolve("store").resolve("operator.token")).strip();
        attach(out, gateway, room, agent, Base.url(agent), operator);
    }

    /**
     * The agent opens the room as its origin, told whether the room shields it; then the room, and where and how to push
     * (the URL with the stream key, shown only now). A room that ended, or one opened for another key than the agent's
     * creator key, is refused.
     */
    static void attach(PrintWriter out, String gateway, JsonNode room, String agent, String agentUrl, String operator) throws Exception {
        String id = room.path("room").asText();
        String state = room.path("state").asText();
        if (state.equals("ENDED") || state.equals("ENDING")) {
            throw new IllegalStateException("room " + id + " is " + state + ": schedule a new one");
        }
        JsonNode origin = openAtOrigin(agentUrl, operator, id, gateway, room.path("shielded").asBoolean());
        String signer = origin.path("creator").asText();
        if (!signer.equalsIgnoreCase(room.path("creator").asText())) {
            throw new IllegalStateException(agent + " signs with the creator key of " + signer + ", but room " + id
                    + " was opened for " + room.path("creator").asText() + ": the gateway would refuse its announcements");
        }
        Base.print(out, room);
        out.println();
        printPush(out, agentUrl + origin.path("ingestPath").asText() + "index.m3u8", room.path("segmentSeconds").asInt(8));
        out.println("Watch: " + gateway + "/live/" + id);
    }

    /** Where and how the encoder pushes: the URL (with the stream key), an ffmpeg line, OBS's settings. */
    static void printPush(PrintWriter out, String ingestUrl, int segmentSeconds) {
        out.println("Push HLS to (the stream key is shown only now):");
        out.println("  " + ingestUrl);
        out.println("  e.g. ffmpeg -re -i INPUT -c:v libx264 -g " + 30 * segmentSeconds + " -c:a aac -f hls -hls_time " + segmentSeconds
                + " -method PUT " + ingestUrl);
        out.println("  OBS: Settings > Output, Output Mode Advanced > Recording: Type \"Custom Output (FFmpeg)\", FFmpeg Output Type"
                + " \"Output to URL\",");
        out.println("    File path or URL: the URL above, Container Format: hls, Muxer Settings: method=PUT hls_time=" + segmentSeconds + ",");
        out.println("    Keyframe interval: " + segmentSeconds + " s (" + 30 * segmentSeconds + " frames at 30 fps); then Start Recording");
    }

    /** The agent's local API (its operator token from its data folder, as every local call): the room at the origin. */
    static JsonNode openAtOrigin(String agentUrl, String operator, String room, String gateway, boolean shielded) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(agentUrl + "/api/local/live/rooms"))
                .header("Content-Type", "application/json").header("X-Shoal-Operator-Token", operator)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("room", room, "gateway", gateway, "shielded", shielded)))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("the agent at " + agentUrl + " did not open the room (" + r.statusCode() + "): " + r.body());
        }
        return JSON.readTree(r.body());
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "A room's state, renditions and viewers.")
    static final class Status extends Base {

        @Parameters(index = "0", paramLabel = "ROOM", description = "the room id")
        String room;

        @Override
        int run(PrintWriter out) {
            print(out, gateway().get("/api/live/rooms/" + room, JsonNode.class));
            return 0;
        }
    }

    @Command(name = "relays", mixinStandardHelpOptions = true, description = {"Choose the relay agents that may carry a room, while"
            + " it has not ended: an agent removed is no longer named to viewers at once, and a shielded origin refuses it."})
    static final class Relays extends Base {

        @Parameters(index = "0", paramLabel = "ROOM", description = "the room id")
        String room;

        @Option(names = "--add", paramLabel = "AGENT", description = "an agent to choose (repeatable): its address (0x...), or its name in the local stack (agent-2)")
        java.util.List<String> add = new java.util.ArrayList<>();

        @Option(names = "--remove", paramLabel = "AGENT", description = "a chosen agent to drop (repeatable; the last one cannot be: use --any)")
        java.util.List<String> remove = new java.util.ArrayList<>();

        @Option(names = "--any", description = "let any agent that opts in relay the room again")
        boolean any;

        /** The room's chosen relays (null in the room: any agent) with these addresses added and removed. */
        static java.util.List<String> chosenAfter(JsonNode current, java.util.List<String> add, java.util.List<String> remove) {
            java.util.Set<String> chosen = new java.util.LinkedHashSet<>();
            current.forEach(a -> chosen.add(a.asText().toLowerCase(java.util.Locale.ROOT)));
            add.forEach(a -> chosen.add(a.toLowerCase(java.util.Locale.ROOT)));
            remove.forEach(a -> chosen.remove(a.toLowerCase(java.util.Locale.ROOT)));
            if (chosen.isEmpty()) {
                throw new IllegalStateException(current.isArray() && add.isEmpty()
                        ? "that would leave the room no relay; --any lets any agent that opts in relay it"
                        : "name relays with --add AGENT, or --any");
            }
            return java.util.List.copyOf(chosen);
        }

        @Override
        int run(PrintWriter out) throws Exception {
            ServiceClient gw = gateway().withBearer(bearer());
            JsonNode view = gw.get("/api/live/rooms/" + room, JsonNode.class);
            Map<String, Object> request = new LinkedHashMap<>();
            if (!any) {
                request.put("chosenRelays", chosenAfter(view.path("chosenRelays"), add.stream().map(Base::agentAddress).toList(),
                        remove.stream().map(Base::agentAddress).toList()));
            }
            print(out, gw.put("/api/live/rooms/" + room + "/chosen-relays", JSON.writeValueAsBytes(request), "application/json", JsonNode.class));
            return 0;
        }
    }

    @Command(name = "end", mixinStandardHelpOptions = true, description = {"End a room: cancel one that never went live; end one on"
            + " the air (its origin stops taking the encoder's segments and sends the recording); register the recording as a"
            + " content once the room ended. With --archive N: wait for the recording, then place the storage order."})
    static final class End extends Base {

        @Parameters(index = "0", paramLabel = "ROOM", description = "the room id")
        String room;

        @Option(names = "--archive", paramLabel = "REPLICAS", description = "archive the recording with 5 to 10 replicas (the room's preset"
                + " gives what --months and --max-price do not)")
        Integer archive;

        @Option(names = "--months", paramLabel = "N", description = "the archive's term in months (default: the room's preset)")
        Integer months;

        @Option(names = "--max-price", paramLabel = "SUSD", description = "the highest price per replica in sUSD per GB-month, like 0.004"
                + " (default: the room's preset)")
        String maxPrice;

        @Option(names = "--wait", defaultValue = "120", paramLabel = "SECONDS",
                description = "with --archive, how long to wait for the origin's recording (default: ${DEFAULT-VALUE})")
        int waitSeconds;

        @Option(names = "--marketplace", paramLabel = "URL", description = "with --archive, the marketplace whose asks the price is"
                + " checked against before the room ends (default: the local stack's; none running: not checked)")
        String marketplace;

        @Override
        int run(PrintWriter out) throws Exception {
            String bearer = bearer();
            ServiceClient gw = gateway().withBearer(bearer);
            ArchiveTerms terms = archive == null ? null : new ArchiveTerms(archive, months, null, maxPrice);
            if (terms != null) {
                // the terms are checked before the room ends: an archive that could never be placed ends nothing
                JsonNode now = gw.get("/api/live/rooms/" + room, JsonNode.class);
                MarketAsks asks = marketAsks(terms.over(preset(now)), bearer);
                String bad = archiveTermsProblem(terms, now, asks);
                if (bad != null) {
                    throw new IllegalStateException(bad);
                }
            }
            JsonNode ended = gw.post("/api/live/rooms/" + room + "/end", Map.of(), JsonNode.class);
            if (archive == null) {
                print(out, ended);
                if (ended.path("state").asText().equals("ENDING")) {
                    out.println("  the origin sends the recording; shoal live end " + room + " again registers it once the room ended");
                }
                return 0;
            }
            long deadline = System.nanoTime() + waitSeconds * 1_000_000_000L;
            while (ended.path("state").asText().equals("ENDING")) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("room " + room + " is still ending after " + waitSeconds
                            + " s: its origin has not sent the recording (is the origin's agent running?)");
                }
                Thread.sleep(1000);
                ended = gw.get("/api/live/rooms/" + room, JsonNode.class);
            }
            // what is not given (null) comes from the room's preset at the gateway
            JsonNode archived = gw.post("/api/live/rooms/" + room + "/archive", terms, JsonNode.class);
            print(out, gw.get("/api/live/rooms/" + room, JsonNode.class), false);
            JsonNode order = archived.path("order");
            out.printf("  archive: order %s, %d replicas, %d epochs%s, at most %s sUSD per GB-month (%s)%n", order.path("id").asText(),
                    order.path("replicas").asInt(), order.path("epochs").asInt(),
                    order.hasNonNull("epochSeconds") ? " of " + order.path("epochSeconds").asLong() + " s" : "",
                    order.path("maxPricePerGbMonth").asText(), order.path("status").asText());
            return 0;
        }

        /** The room's archive preset (its {@code archive.preset}), or null. */
        static ArchiveTerms preset(JsonNode room) throws java.io.IOException {
            JsonNode p = room.path("archive").path("preset");
            return p.isObject() ? JSON.treeToValue(p, ArchiveTerms.class) : null;
        }

        /**
         * What the market asks now for the archive's replicas ({@code GET /api/orders/asks} at {@code --marketplace}, else
         * the local stack's, with the creator's token); null when there is none to ask, or it does not answer: the
         * gateway and the marketplace still judge the order.
         */
        MarketAsks marketAsks(ArchiveTerms terms, String bearer) {
            if (terms.replicas() == null || terms.replicas() < 5 || terms.replicas() > 10) {
                return null;
            }
            String base = marketplace != null ? marketplace : LocalStack.find().flatMap(LocalStack::marketplace).orElse(null);
            if (base == null) {
                return null;
            }
            try {
                return new ServiceClient(base).withBearer(bearer).get("/api/orders/asks?replicas=" + terms.replicas(), MarketAsks.class);
            } catch (ServiceClient.Refused | ServiceClient.Unreachable e) {
                return null;
            }
        }

        /**
         * Why an archive on these terms over the room's preset (its {@code archive.preset}) could not be placed, in the
         * CLI's words (its options), or null when they are whole: incomplete terms, or a price below every ask of the
         * market now ({@code asks}; null: not known). The example it gives is priced at what places the replicas now
         * when the market said.
         */
        static String archiveTermsProblem(ArchiveTerms given, JsonNode room, MarketAsks asks) throws java.io.IOException {
            ArchiveTerms preset = preset(room);
            ArchiveTerms terms = given.over(preset);
            String problem = terms.problem();
            String example = asks == null || asks.suggestedPrice() == null ? "0.004" : asks.suggestedPrice();
            String forExample = "; nothing was ended. For example: shoal live end " + room.path("room").asText() + " --archive "
                    + (terms.replicas() == null || terms.replicas() < 5 || terms.replicas() > 10 ? 5 : terms.replicas())
                    + " --months " + (terms.months() == null || terms.months() < 1 ? 12 : terms.months()) + " --max-price " + example;
            if (problem == null) {
                if (asks == null || asks.lowestAsk() == null
                        || new java.math.BigDecimal(terms.maxPricePerGbMonth()).compareTo(new java.math.BigDecimal(asks.lowestAsk())) >= 0) {
                    return null;
                }
                return "--max-price " + terms.maxPricePerGbMonth() + (given.maxPricePerGbMonth() == null ? " (the room's preset)" : "")
                        + " is below every storage agent's ask on this market now: the lowest is " + asks.lowestAsk()
                        + " sUSD per GB-month" + (asks.maxPriceToPlace() == null ? ""
                        : ", and " + asks.replicas() + " replicas are placed at up to " + asks.maxPriceToPlace()) + forExample;
            }
            String why = terms.months() == null && terms.epochs() == null ? "an archive needs a term: --months N"
                    : terms.maxPricePerGbMonth() == null ? "an archive needs a highest price: --max-price SUSD"
                    : problem.replace("maxPricePerGbMonth", "--max-price");
            return why + (preset == null ? " (the room has no archive preset)" : "") + forExample;
        }
    }
}
