/**
 * Wire format v1 of the marketplace's public directory: what a gateway, a player or a command line may ask the
 * marketplace without signing in. JSON bodies, field names as in the records:
 * <pre>
 * GET {market}/api/catalog?q=&amp;creator=&amp;sort=&amp;page=&amp;size= → CatalogPage (published contents, searched and paged)
 * GET {market}/api/catalog/{contentId}          → CatalogEntry  (the creator-signed manifest, the creator's origins)
 * GET {market}/api/catalog/{contentId}/poster   → the poster image (JPEG, PNG or WebP; an SVG placeholder when none)
 * GET {market}/api/locate/{contentId}?region=R  → Location      (live sources ranked for the caller, a LocatorTicket)
 * GET {market}/api/chain                        → ChainView     (chain id, the contracts, the locator's address)
 * </pre>
 * Every body carries {@code version} ({@link dev.shoal.contracts.directory.DirectoryFormat#VERSION}); a reader checks
 * it ({@link dev.shoal.contracts.directory.DirectoryFormat#requireKnown}) and refuses one it does not know instead of
 * guessing. Within a version fields are only ever added, so readers ignore fields they do not know. A source's kind
 * is a stable name from {@link dev.shoal.contracts.directory.SourceKind} ({@code agent}, {@code origin}, {@code mirror},
 * whose {@code url} is a URL template, see {@link dev.shoal.contracts.mirror}). Errors are problem+json
 * ({@link dev.shoal.contracts.problem.ProblemType}): 400 {@code invalid-request} for a malformed content id, 404
 * {@code not-found} for an unknown content; 400 {@code invalid-request} naming the {@code field} for a catalog
 * search with a bad parameter (an unknown sort, a negative page, a size outside 1..{@value
 * dev.shoal.contracts.directory.CatalogPage#MAX_SIZE}). These reads answer any origin (CORS, GET only). Golden bodies: contracts' test resources, {@code wire/directory/}.
 * The ticket inside a location has its own version ({@link dev.shoal.contracts.market.LocatorTicket}): 2 (signed in a
 * batch, with the path to the signed root in {@code batch}) from locators now, 1 (signed alone) from older ones; the
 * added {@code batch} field is what kept the location itself at version 1.
 */
package dev.shoal.contracts.directory;
