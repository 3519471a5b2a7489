package dev.shoal.agent.store;

import dev.shoal.contracts.hash.Sha256;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Random;

/**
 * Child process for {@link DiskStoreTests}: starts writing a 4 MiB segment into the store at args[0], says
 * "WRITING" once half of it is on disk, then hangs until the test kills it with SIGKILL.
 */
public final class SlowWriterProcess {

    public static void main(String[] args) throws Exception {
        byte[] bytes = new byte[4 << 20];
        new Random(7).nextBytes(bytes);
        DiskStore store = DiskStore.open(Path.of(args[0]), 1L << 30, Duration.ofDays(1), Clock.systemUTC(), false);
        InputStream stalling = new InputStream() {
            int pos;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (pos == bytes.length / 2) {
                    System.out.println("WRITING");
                    System.out.flush();
                    try {
                        Thread.sleep(Long.MAX_VALUE);
                    } catch (InterruptedException e) {
                        return -1;
                    }
                }
                int n = Math.min(len, bytes.length / 2 - pos);
                System.arraycopy(bytes, pos, b, off, n);
                pos += n;
                return n;
            }
        };
        store.put(Sha256.of(bytes), stalling, bytes.length, "video/mp2t");
    }
}
