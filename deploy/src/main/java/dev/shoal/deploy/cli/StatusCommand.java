package dev.shoal.deploy.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.deploy.ShoalHome;
import dev.shoal.deploy.stack.StackState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show each component of the local stack with its state, URL and PID.",
                "Exit code 0 only when every component is UP."})
final class StatusCommand implements Callable<Integer> {

    @Option(names = "--json", description = "print {\"services\":[{\"name\":..,\"state\":\"UP\"|\"STARTING\"|\"DOWN\",\"url\":..,\"pid\":..,\"leases\":[..]}]}")
    boolean json;

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Service(String name, String state, String url, Long pid, List<String> leases) {
    }

    /** The leases a service instance holds, from the data of its liveness checks (the marketplace's "jobs-lease"). */
    static List<String> leasesOf(String url) {
        return dev.shoal.deploy.process.Probe.get(url + "/q/health/live").map(response -> {
            try {
                List<String> held = new java.util.ArrayList<>();
                new ObjectMapper().readTree(response.body()).path("checks").forEach(check -> {
                    if (check.path("data").path("holder").asBoolean(false)) {
                        held.add(check.path("data").path("lease").asText(check.path("name").asText()));
                    }
                });
                return List.copyOf(held);
            } catch (Exception e) {
                return List.<String>of();
            }
        }).orElse(List.of());
    }

    @Override
    public Integer call() throws Exception {
        ShoalHome home = ShoalHome.locate();
        List<Service> services = inspect(home);
        if (json) {
            System.out.println(new ObjectMapper().writeValueAsString(Map.of("services", services)));
        } else if (services.isEmpty()) {
            System.out.println("Shoal is not running (start it with ./shoal up or ./shoal demo)");
        } else {
            System.out.printf("%-17s %-9s %-30s %-8s %s%n", "COMPONENT", "STATE", "URL", "PID", "LEASES");
            for (Service s : services) {
                System.out.printf("%-17s %-9s %-30s %-8s %s%n", s.name(), s.state(), s.url() == null ? "-" : s.url(),
                        s.pid() == null ? "-" : s.pid(), s.leases().isEmpty() ? "" : String.join(",", s.leases()));
            }
        }
        boolean allUp = !services.isEmpty() && services.stream().allMatch(s -> s.state().equals("UP"));
        return allUp ? 0 : 1;
    }

    /** Each recorded component, checked now: UP when its process lives and its health probe passes. */
    static List<Service> inspect(ShoalHome home) {
        return StackState.read(home.stateDir()).map(state -> {
            boolean supervised = state.supervisorAlive();
            return state.components().parallelStream().map(entry -> {
                boolean alive = entry.pid() != null && ProcessHandle.of(entry.pid()).map(ProcessHandle::isAlive).orElse(false);
                String current;
                if (alive && entry.probe() != null && entry.probe().check()) {
                    current = "UP";
                } else if (supervised && (alive || !"UP".equals(entry.phase()))) {
                    current = "STARTING";
                } else {
                    current = "DOWN";
                }
                // an instance behind a balancer ("marketplace-2") shows the leases it holds
                List<String> leases = current.equals("UP") && entry.url() != null && entry.name().matches("(marketplace|player-gateway)-\\d+")
                        ? leasesOf(entry.url()) : List.of();
                return new Service(entry.name(), current, entry.url(), alive ? entry.pid() : null, leases);
            }).toList();
        }).orElse(List.of());
    }
}
