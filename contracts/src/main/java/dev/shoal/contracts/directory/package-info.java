/**
 * Wire format v1 of the marketplace's public directory: what a gateway, a player or a command line may ask the
 * marketplace without signing in. JSON bodies, field names as in the records:
 * <pre>
 * GET {market}/api/catalog/{contentId}          → CatalogEntry  (the creator-signed manifest, the creator's origins)
 * GET {market}/api/locate/{contentId}?region=R  → Location      (live sources ranked for the caller, a LocatorTicket)
 * GET {market}/api/chain                        → ChainView     (chain id, the contracts, the locator's address)
 * </pre>
 * Every body carries {@code version} ({@link dev.shoal.contracts.directory.DirectoryFormat#VERSION}); a reader checks
 * it ({@link dev.shoal.contracts.directory.DirectoryFormat#requireKnown}) and refuses one it does not know instead of
 * guessing. Within a version fields are only ever added, so readers ignore fields they do not know. A source's kind
 * is a stable name from {@link dev.shoal.contracts.directory.SourceKind}. Errors are problem+json
 * ({@link dev.shoal.contracts.problem.ProblemType}): 400 {@code invalid-request} for a malformed content id, 404
 * {@code not-found} for an unknown content. Golden bodies: contracts' test resources, {@code wire/directory/}.
 * The ticket inside a location has its own version ({@link dev.shoal.contracts.market.LocatorTicket}): 2 (signed in a
 * batch, with the path to the signed root in {@code batch}) from locators now, 1 (signed alone) from older ones; the
 * added {@code batch} field is what kept the location itself at version 1.
 */
package dev.shoal.contracts.directory;
