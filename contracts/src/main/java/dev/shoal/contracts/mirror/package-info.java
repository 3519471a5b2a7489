/**
 * Wire format v1 of external mirrors: any http(s) server that serves a content's segments (an S3 bucket, a CDN) is a
 * source like an agent, checked by hash like one. JSON bodies, field names as in the records:
 * <pre>
 * POST   {market}/api/contents/{contentId}/mirrors   MirrorRegistration (action add, signed by the content's creator)
 * DELETE {market}/api/contents/{contentId}/mirrors   MirrorRegistration (action remove, signed the same way)
 * GET    {market}/api/contents/{contentId}/mirrors   → MirrorList (public, any origin)
 * </pre>
 * Mirrors then appear in the locator's answer as sources of kind {@code mirror}, their {@code url} a
 * {@link dev.shoal.contracts.mirror.MirrorTemplate}. Refusals are problem+json
 * ({@link dev.shoal.contracts.problem.ProblemType}): 400 {@code invalid-request} (not http(s), a bad template, an
 * action that does not match the method), 403 {@code mirror-not-yours} (not signed by the content's creator, a fork's advertiser for a fork), 422
 * {@code mirror-private-address} (a private, loopback or link-local host, unless the marketplace allows loopback),
 * 422 {@code signature-invalid}, 409 {@code replayed} (this very registration was taken already, or it is outside
 * the freshness window), 404 {@code not-found}. Golden bodies: contracts' test resources, {@code wire/mirror/}.
 */
package dev.shoal.contracts.mirror;
