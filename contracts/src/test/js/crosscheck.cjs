// Loads the cross-check page in headless Chromium and prints window.result as JSON.
// usage: node crosscheck.cjs URL   (env SHOAL_TOOLS = the repository's tools/ folder, CHROMIUM = browser path)
const path = require('path');
const fs = require('fs');
const os = require('os');
const { chromium } = require(path.join(process.env.SHOAL_TOOLS, 'node_modules', 'playwright-core'));

(async () => {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shoal-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
           '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const page = await context.newPage();
    page.on('console', (m) => process.stderr.write(`console: ${m.text()}\n`));
    await page.goto(process.argv[2]);
    await page.waitForFunction(() => window.result !== undefined, null, { timeout: 30000 });
    process.stdout.write(JSON.stringify(await page.evaluate(() => window.result)) + '\n');
  } finally {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
})().catch((e) => { process.stderr.write(String(e.stack || e) + '\n'); process.exit(2); });
