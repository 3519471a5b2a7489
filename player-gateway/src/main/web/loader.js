// The hls.js loader of the player: hls.js loads a segment itself when p2p-media-loader does not take it (P2P
// off, a segment the P2P core does not know yet, or an fMP4 init segment, which p2p-media-loader never
// takes). That path is no weaker than p2p-media-loader's: the same sources, the same SHA-256 check, the
// same receipts. When no source is usable the request goes to the playlist's URL (the gateway's redirect)
// and is still checked. Kept free of imports beyond sources.js so node --test runs it without a browser.
import { segmentOf, segmentUrl } from "./sources.js";

/**
 * A loader class extending hls.js' `Base` loader.
 * `pool()` returns the current SourcePool (or null), `sha256Hex(data)` resolves to the hex digest,
 * `stats` and `note` are the player's counters and event log, `received(bytes)` feeds the speed meter,
 * `probe(url)` asks a mirror that gave no answer again without CORS (fetch with mode "no-cors" by default) and
 * `warn(message)` shows the page a mirror's refusal.
 */
export function verifyingLoader(Base, { pool, contentId, sha256Hex, stats, note, received,
  probe = (url) => fetch(url, { mode: "no-cors" }), warn = () => {}, clock = () => Date.now() }) {
  return class VerifyingLoader extends Base {
    load(context, config, callbacks) {
      const segment = segmentOf(context.url);
      if (!segment) {
        super.load(context, config, callbacks);
        return;
      }
      const sha = segment.sha256;
      const sources = pool();
      const source = sources ? sources.pick() : null;
      if (source) context.url = segmentUrl(source, segment, contentId);
      const from = source ? source.url : "gateway redirect";
      const asked = clock();
      const failed = (what) => async (...args) => {
        // status 0: no answer at all, which is also what a mirror without CORS looks like to a page
        if (source && what === "onError" && !args[0]?.code) {
          const why = await sources.noAnswer(source, context.url, probe);
          if (why) {
            note("source-refused", { source: from, reason: why });
            warn(why);
          }
        } else if (source) {
          sources.rest(source);
        }
        note("source-failed", { source: from, error: what });
        callbacks[what](...args);
      };
      super.load(context, config, {
        ...callbacks,
        onError: failed("onError"),
        onTimeout: failed("onTimeout"),
        onSuccess: (response, loadStats, ctx, details) => {
          const data = response.data;
          stats.httpBytes += data.byteLength;
          received(data.byteLength);
          sha256Hex(data).then((got) => {
            if (got === sha) {
              if (source) {
                sources.credit(source, data.byteLength, clock() - asked);
                stats.segmentsFromAgents++;
              }
              note("segment-loaded", { url: ctx.url, bytes: data.byteLength, from: "http", loader: "hls.js" });
              callbacks.onSuccess(response, loadStats, ctx, details);
            } else {
              if (source) sources.ban(source, "sent bytes that do not match the manifest's SHA-256");
              stats.rejected.push({ from: "http", source: from, url: ctx.url });
              note("segment-rejected", { from: "http", source: from, loader: "hls.js" });
              callbacks.onError({ code: 0, text: "the segment does not match its SHA-256" }, ctx, details, loadStats);
            }
          });
        },
      });
    }
  };
}
