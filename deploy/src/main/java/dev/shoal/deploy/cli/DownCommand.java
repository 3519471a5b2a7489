package dev.shoal.deploy.cli;

import dev.shoal.deploy.ShoalHome;
import dev.shoal.deploy.process.ChildProcess;
import dev.shoal.deploy.stack.StackState;
import picocli.CommandLine.Command;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

@Command(name = "down", mixinStandardHelpOptions = true,
        description = "Stop the local stack started by ./shoal up or ./shoal demo: exactly what it started, by PID.")
final class DownCommand implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        ShoalHome home = ShoalHome.locate();
        Optional<StackState> recorded = StackState.read(home.stateDir());
        if (recorded.isEmpty()) {
            System.out.println("Shoal is not running");
            return 0;
        }
        StackState state = recorded.get();
        Optional<ProcessHandle> supervisor = ProcessHandle.of(state.supervisorPid()).filter(ProcessHandle::isAlive);
        if (supervisor.isPresent()) {
            System.out.println("stopping the stack (supervisor PID " + state.supervisorPid() + ")...");
            supervisor.get().destroy(); // SIGTERM: its shutdown hook stops each component in reverse order
            try {
                supervisor.get().onExit().get(120, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                System.out.println("the supervisor did not stop within 120 s; stopping its components by PID");
                supervisor.get().destroyForcibly();
            }
        }
        int leftovers = 0;
        for (StackState.Entry entry : state.components()) {
            if (entry.pid() != null && ChildProcess.stopRecorded(entry.pid(), entry.startedAtMillis(), Duration.ofSeconds(10))) {
                System.out.println("stopped " + entry.name() + " (PID " + entry.pid() + ")");
                leftovers++;
            }
        }
        StackState.delete(home.stateDir());
        System.out.println(leftovers == 0 ? "stopped: nothing left running" : "stopped, including " + leftovers + " left behind");
        return 0;
    }
}
