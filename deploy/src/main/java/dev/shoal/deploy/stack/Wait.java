package dev.shoal.deploy.stack;

import dev.shoal.deploy.LaunchException;
import dev.shoal.deploy.process.ChildProcess;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a health check until it passes, the process dies, or time runs out. */
final class Wait {

    private Wait() {
    }

    static void until(String what, Duration timeout, ChildProcess process, BooleanSupplier healthy) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 50;
        while (true) {
            if (process != null) {
                process.requireAlive();
            }
            if (healthy.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                String hint = process == null ? "" : "; last lines of " + process.log() + ":\n" + ChildProcess.tail(process.log(), 15);
                throw new LaunchException(what + " did not become healthy within " + timeout.toSeconds() + " s" + hint);
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LaunchException("interrupted while waiting for " + what);
            }
            pause = Math.min(pause * 2, 500);
        }
    }
}
