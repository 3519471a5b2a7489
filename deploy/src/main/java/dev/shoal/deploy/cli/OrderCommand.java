package dev.shoal.deploy.cli;

import picocli.CommandLine.Command;

/** {@code shoal order ...}: what a creator does with its storage orders from the command line. */
@Command(name = "order", mixinStandardHelpOptions = true, description = "A creator's storage orders.",
        subcommands = {OrderQuoteCommand.class, OrderCreateCommand.class, OrderStatusCommand.class, OrderCancelCommand.class,
                OrderFundCommand.class})
final class OrderCommand {
}
