// End-to-end: the evidence vault. The investigator uploads a file (streamed, hashed on arrival),
// lands on its page with the hash and a `received` custody entry, downloads it (recorded as
// `viewed` first), uploads a working copy, exports both as an evidence bundle and checks it offline
// with `aqiqat verify-bundle`; the pages are looked at in English and Russian.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { artifacts, signIn, startDemo, switchLanguage } from './support.mjs';

const bin = process.env.AQIQAT_BIN ?? join(import.meta.dirname, '..', '..', 'target', 'debug', 'aqiqat');

let demo;
let base;
let browser;

before(async () => {
  demo = await startDemo('evidence');
  ({ base, browser } = demo);
});

after(async () => {
  await demo?.stop();
});

test('upload, item page, custody entries, working copy, export and offline check', async () => {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await signIn(page, base, demo.credentials.investigator);
  await Promise.all([page.waitForLoadState('load'), page.click('nav a[href="/evidence"]')]);
  await page.screenshot({ path: join(artifacts, 'evidence-list-before.png'), fullPage: true });
  await Promise.all([page.waitForLoadState('load'), page.click('a[href="/evidence/new"]')]);
  const bytes = Buffer.from('synthetic phone video of the square, 5 January 2022\n'.repeat(200));
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  await page.fill('#e-title', 'Republic Square, phone video (synthetic)');
  await page.fill('#e-note', 'from a witness on a USB stick');
  await page.setInputFiles('#e-file', { name: 'square.mp4', mimeType: 'video/mp4', buffer: bytes });
  await page.screenshot({ path: join(artifacts, 'evidence-upload.png'), fullPage: true });
  await Promise.all([page.waitForURL(/\/evidence\/evd_[0-9a-z]+$/), page.click('form.import button[type=submit]')]);
  const item = page.url();
  const body = await page.locator('main').innerText();
  assert.ok(body.includes(sha256), 'the item page shows the SHA-256 computed on arrival');
  assert.match(body, /received/);
  assert.match(body, /from a witness on a USB stick/);
  assert.match(body, /hash chain is intact/);

  // Download: the bytes as sent, and a `viewed` entry on the page afterwards.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('form[action$="/download"] button')]);
  assert.equal(createHash('sha256').update(readFileSync(await download.path())).digest('hex'), sha256);
  await page.goto(item);
  assert.match(await page.locator('#custody ~ div table, section[aria-labelledby=custody] table').first().innerText(), /viewed/);

  // A working copy derived from it.
  await Promise.all([page.waitForLoadState('load'), page.click('a[href^="/evidence/new?derived_from="]')]);
  await page.fill('#e-derivation', 'faces blurred');
  await page.fill('#e-title', 'Republic Square, faces blurred');
  await page.setInputFiles('#e-file', { name: 'square-blurred.mp4', mimeType: 'video/mp4', buffer: Buffer.from('blurred copy bytes') });
  await Promise.all([page.waitForURL(/\/evidence\/evd_[0-9a-z]+$/), page.click('form.import button[type=submit]')]);
  assert.match(await page.locator('main').innerText(), /working copy/);
  await page.goto(item);
  await page.fill('#t-note', 'copy handed to the prosecutor, letter 17/2022');
  await Promise.all([page.waitForLoadState('load'), page.click('form[action$="/transfer"] button')]);
  assert.match(await page.locator('main').innerText(), /transferred/);
  await page.screenshot({ path: join(artifacts, 'evidence-item.png'), fullPage: true });
  await switchLanguage(page, 'ru');
  await page.screenshot({ path: join(artifacts, 'evidence-item-ru.png'), fullPage: true });
  await switchLanguage(page, 'en');

  // Export both from the list; the bundle verifies offline.
  await page.goto(`${base}/evidence`);
  for (const box of await page.locator('input[type=checkbox][name=item]').all()) await box.check();
  await page.fill('#x-note', 'for the court');
  await page.screenshot({ path: join(artifacts, 'evidence-list.png'), fullPage: true });
  const [bundle] = await Promise.all([page.waitForEvent('download'), page.click('form[action="/evidence/export"] button')]);
  assert.match(bundle.suggestedFilename(), /^aqiqat-evidence-exb_[0-9a-z]+\.tar$/);
  const out = execFileSync(bin, ['verify-bundle', await bundle.path()], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  assert.match(out, /evd_/);
  await context.close();
});
