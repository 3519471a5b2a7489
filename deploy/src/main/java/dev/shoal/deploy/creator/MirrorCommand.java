package dev.shoal.deploy.creator;

import picocli.CommandLine.Command;

/** {@code shoal mirror ...}: outside copies of a content's segments (an S3 bucket, a CDN) that players use as sources. */
@Command(name = "mirror", mixinStandardHelpOptions = true, description = "Outside mirrors of your contents (S3-compatible buckets).",
        subcommands = {MirrorPushCommand.class, MirrorRegistrationCommands.Add.class,
                MirrorRegistrationCommands.Remove.class, MirrorRegistrationCommands.List.class})
public final class MirrorCommand {
}
