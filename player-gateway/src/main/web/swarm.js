// How a VOD viewer's segments are named in the P2P swarm, so that the viewers of an original and of its forks meet.
//
// p2p-media-loader names a swarm item by swarm id + stream + the segment's "external id", which its hls.js
// integration sets to the segment's index in the playlist, and the stream by a hash of what the master playlist
// says of the rendition (BANDWIDTH, CODECS, RESOLUTION). A fork shifts every index after its first ad and may
// declare a higher BANDWIDTH (its ad's), so an original and its fork would share no item even in one swarm. Here
// a stream is named by its rendition and a segment by its SHA-256: the same bytes are the same item in every
// content that holds them, and the ad's segments are items only the fork's viewers have. Every segment is still
// checked against its playlist's SHA-256 before it is played or passed on, so a name never vouches for bytes.

/** The swarm item id of a segment: the first 48 bits of its SHA-256 (peers exchange ids as integers; 48 bits stay exact in a JS number). */
export function swarmSegmentId(sha256) {
  if (!/^[0-9a-f]{64}$/.test(sha256 ?? "")) throw new Error(`not a SHA-256: ${sha256}`);
  return Number.parseInt(sha256.slice(0, 12), 16);
}

/** The rendition a media playlist URL names ("/vod/{content}/{rendition}.m3u8"): the same in an original and its forks. */
export function renditionOf(playlistUrl) {
  const path = new URL(playlistUrl, "http://localhost/").pathname;
  return decodeURIComponent(path.slice(path.lastIndexOf("/") + 1).replace(/\.m3u8$/, ""));
}

/**
 * Makes p2p-media-loader's core name streams by rendition and segments by SHA-256 (see above). `core` is the
 * engine's Core (addStreamIfNoneExists and updateStream are what the hls.js integration calls for each playlist);
 * `expectedSha256` gives the SHA-256 a segment URL names, or null. A segment without one keeps its index.
 */
export function nameBySha256(core, expectedSha256) {
  const addStream = core.addStreamIfNoneExists.bind(core);
  const updateStream = core.updateStream.bind(core);
  core.addStreamIfNoneExists = (stream) => addStream({ ...stream, index: `rendition:${renditionOf(stream.runtimeId)}` });
  core.updateStream = (streamRuntimeId, addSegments, removeSegmentIds) => updateStream(streamRuntimeId,
    addSegments && Array.from(addSegments, (segment) => {
      const sha256 = expectedSha256(segment.url);
      return sha256 ? { ...segment, externalId: swarmSegmentId(sha256) } : segment;
    }),
    removeSegmentIds);
  return core;
}
