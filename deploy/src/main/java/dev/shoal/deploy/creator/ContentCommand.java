package dev.shoal.deploy.creator;

import picocli.CommandLine.Command;

/** {@code shoal content ...}: what a creator has published. */
@Command(name = "content", mixinStandardHelpOptions = true, description = "Your published contents.",
        subcommands = {ContentListCommand.class})
public final class ContentCommand {
}
