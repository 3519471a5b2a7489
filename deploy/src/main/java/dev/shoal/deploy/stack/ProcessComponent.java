package dev.shoal.deploy.stack;

import dev.shoal.deploy.process.ChildProcess;

import java.time.Duration;
import java.util.Optional;

/** A component that is one child process of the launcher: its PID, start time and stopping come from that process. */
abstract class ProcessComponent implements Component {

    private final Duration stopGrace;
    protected ChildProcess process;

    protected ProcessComponent(Duration stopGrace) {
        this.stopGrace = stopGrace;
    }

    @Override
    public Optional<Long> pid() {
        return Optional.ofNullable(process).map(ChildProcess::pid);
    }

    @Override
    public Optional<Long> startedAtMillis() {
        return Optional.ofNullable(process).map(ChildProcess::startedAtMillis);
    }

    @Override
    public void stop() {
        if (process != null) {
            process.stop(stopGrace);
            process = null;
        }
    }
}
