// hls.js's own M3U8 parser (the one the player runs) over a master playlist and each of its media playlists:
//   node hlsjs-parse.mjs <node_modules folder holding hls.js> <master playlist URL>
// Prints what it parsed as JSON; exits 0 only when every playlist parses without error, every variant has
// CODECS and RESOLUTION, and every segment URI ends in /segments/<sha256>.<ts|m4s> (init segments .mp4).
import { pathToFileURL } from 'node:url';

const [modules, masterUrl] = process.argv.slice(2);
const { M3U8Parser } = await import(pathToFileURL(`${modules}/hls.js/dist/hls.mjs`).href);
const problems = [];
const out = { master: masterUrl, levels: [] };

async function text (url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return response.text();
}

const master = M3U8Parser.parseMasterPlaylist(await text(masterUrl), masterUrl);
if (master.playlistParsingError) problems.push(`master: ${master.playlistParsingError.message}`);
for (const level of master.levels) {
  const codecs = level.attrs.CODECS;
  const resolution = level.attrs.RESOLUTION;
  if (!codecs) problems.push(`${level.url}: no CODECS`);
  if (!resolution) problems.push(`${level.url}: no RESOLUTION`);
  const details = M3U8Parser.parseLevelPlaylist(await text(level.url), level.url, 0, 'main', 0, master.variableList);
  if (details.playlistParsingError) problems.push(`${level.url}: ${details.playlistParsingError.message}`);
  if (details.fragments.length === 0) problems.push(`${level.url}: no segments`);
  for (const fragment of details.fragments) {
    if (!/\/segments\/[0-9a-f]{64}\.(ts|m4s)$/.test(fragment.url)) problems.push(`${level.url}: segment URI ${fragment.url}`);
    if (fragment.initSegment && !/\/segments\/[0-9a-f]{64}\.mp4$/.test(fragment.initSegment.url)) {
      problems.push(`${level.url}: init segment URI ${fragment.initSegment.url}`);
    }
  }
  out.levels.push({
    url: level.url, codecs, resolution, bitrate: level.bitrate, live: details.live,
    segments: details.fragments.length, duration: details.totalduration, first: details.fragments[0]?.url ?? null,
  });
}
out.problems = problems;
console.log(JSON.stringify(out));
process.exit(problems.length === 0 && out.levels.length > 0 ? 0 : 1);
