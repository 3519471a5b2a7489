// The stock bittorrent-tracker client (what p2p-media-loader 2.3.1 runs in the browser) against a tracker:
//   node stock-client.mjs <node_modules folder holding bittorrent-tracker> <ws://.../tracker/{contentId}>
// Two clients, ids using bytes 0x00..0xff, on two connections: B starts, A starts and its offer reaches B, B's answer
// reaches A, scrape counts both, B stops, scrape counts one. Prints what it saw as JSON; exits 0 only if all happened.
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';

const [modules, url] = process.argv.slice(2);
register('./fake-webrtc-hooks.mjs', import.meta.url);
const { default: Client } = await import(pathToFileURL(`${modules}/bittorrent-tracker/index.js`).href);

const hex = first => Array.from({ length: 20 }, (_, i) => ((first + i) & 0xff).toString(16).padStart(2, '0')).join('');
const infoHash = hex(0xf0); // f0..ff then 00..03
const idA = hex(0x00);
const idB = hex(0x7a); // 7a..8d: crosses 0x7f/0x80
const seen = [];

function fail (why) {
  console.log(JSON.stringify({ ok: false, why, seen }));
  process.exit(1);
}

function client (peerId, viewer) {
  const c = new Client({ infoHash, peerId, announce: [`${url}?viewer=${viewer}`], port: 6881 });
  c.on('warning', err => seen.push({ viewer, warning: err.message }));
  c.on('error', err => fail(`${viewer}: ${err.message}`));
  return c;
}

function next (emitter, event, test = () => true, ms = 15000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${ms} ms`)), ms);
    const on = data => {
      if (!test(data)) return;
      clearTimeout(timer);
      emitter.removeListener(event, on);
      resolve(data);
    };
    emitter.on(event, on);
  });
}

try {
  const b = client(idB, 'b');
  const bStarted = next(b, 'update');
  b.start();
  const first = await bStarted;
  seen.push({ b: 'update', complete: first.complete, incomplete: first.incomplete });

  const a = client(idA, 'a');
  const offerAtB = next(b, 'peer');
  const answerAtA = next(a, 'peer');
  const aStarted = next(a, 'update');
  a.start();
  const second = await aStarted;
  seen.push({ a: 'update', complete: second.complete, incomplete: second.incomplete });
  const fromA = await offerAtB;
  seen.push({ b: 'offer from', peer: fromA.id });
  const fromB = await answerAtA;
  seen.push({ a: 'answer from', peer: fromB.id });

  const scraped = next(a, 'scrape');
  a.scrape();
  const counts = await scraped;
  seen.push({ a: 'scrape', complete: counts.complete, incomplete: counts.incomplete, infoHash: counts.infoHash });

  b.stop();
  await new Promise(resolve => setTimeout(resolve, 300)); // let the stop go out before asking
  let after;
  for (let i = 0; i < 50; i++) {
    const again = next(a, 'scrape');
    a.scrape();
    after = await again;
    if (after.incomplete === 1) break;
    await new Promise(resolve => setTimeout(resolve, 100));
  }
  seen.push({ a: 'scrape after b stopped', complete: after.complete, incomplete: after.incomplete });

  const ok = first.incomplete === 1 && second.incomplete === 2 && fromA.id === idA && fromB.id === idB &&
    counts.infoHash === infoHash && counts.incomplete === 2 && after.incomplete === 1;
  console.log(JSON.stringify({ ok, seen }));
  a.destroy();
  b.destroy();
  setTimeout(() => process.exit(ok ? 0 : 1), 200);
} catch (err) {
  fail(err.message);
}
