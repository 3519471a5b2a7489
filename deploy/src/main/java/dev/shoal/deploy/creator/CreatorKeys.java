package dev.shoal.deploy.creator;

import dev.shoal.contracts.identity.DemoKeys;
import dev.shoal.contracts.identity.SigningKey;

import java.io.PrintWriter;
import java.nio.file.Path;

/** The creator's signing key for the commands that sign: from {@code --key FILE}, else the public demo key, said aloud. */
final class CreatorKeys {

    private CreatorKeys() {
    }

    static SigningKey load(PrintWriter out, Path keyFile) {
        if (keyFile == null) {
            SigningKey demo = DemoKeys.creator();
            out.println("No --key given: signing with the public DEMO creator key " + demo.address()
                    + " (anvil account #0). Never use it for real content.");
            return demo;
        }
        try {
            return SigningKey.fromFile(keyFile);
        } catch (RuntimeException e) {
            throw new CreatorException("cannot read the key in " + keyFile + ": " + e.getMessage(), e);
        }
    }
}
