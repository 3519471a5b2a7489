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

    @Option(names = "--json", description = "print {\"services\":[{\"name\":..,\"state\":\"UP\"|\"STARTING\"|\"DOWN\",\"url\":..,\"pid\":..}]}")
    boolean json;

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Service(String name, String state, String url, Long pid) {
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
            System.out.printf("%-15s %-9s %-30s %s%n", "COMPONENT", "STATE", "URL", "PID");
            for (Service s : services) {
                System.out.printf("%-15s %-9s %-30s %s%n", s.name(), s.state(), s.url() == null ? "-" : s.url(), s.pid() == null ? "-" : s.pid());
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
                return new Service(entry.name(), current, entry.url(), alive ? entry.pid() : null);
            }).toList();
        }).orElse(List.of());
    }
}
