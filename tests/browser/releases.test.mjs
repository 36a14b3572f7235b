// End-to-end: publication. A visitor who is not signed in finds the demo's signed release from the
// sign-in page, reads it in Russian, downloads the bundle and checks it offline with
// `aqiqat verify-release`; the demo's reviewer previews and approves a second release.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { artifacts, signIn, startDemo } from './support.mjs';

const bin = process.env.AQIQAT_BIN ?? join(import.meta.dirname, '..', '..', 'target', 'debug', 'aqiqat');

let demo;
let base;
let browser;

before(async () => {
  demo = await startDemo('releases');
  ({ base, browser } = demo);
});

after(async () => {
  await demo?.stop();
});

test('a visitor reads a release and its bundle verifies offline', async () => {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(`${base}/login`);
  await Promise.all([page.waitForLoadState('load'), page.click('a[href="/releases"]')]);
  assert.equal(page.url(), `${base}/releases`);
  const key = (await page.locator('code.hash').textContent()).trim();
  assert.match(key, /^[0-9a-f]{64}$/);
  await page.screenshot({ path: join(artifacts, 'releases.png'), fullPage: true });
  await Promise.all([page.waitForLoadState('load'), page.click('table a[href^="/releases/rel_"]')]);
  await page.selectOption('#lang-select', 'ru');
  await Promise.all([page.waitForLoadState('load'), page.click('form.lang button[type=submit]')]);
  assert.equal(await page.getAttribute('html', 'lang'), 'ru');
  assert.match(page.url(), /\/releases\/rel_[0-9a-z]+\?lang=ru$/);
  await page.screenshot({ path: join(artifacts, 'release-ru.png'), fullPage: true });
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('a.button[download]')]);
  assert.match(download.suggestedFilename(), /^aqiqat-release-rel_[0-9a-z]+\.tar$/);
  const path = join(demo.dir, download.suggestedFilename());
  await download.saveAs(path);
  const output = execFileSync(bin, ['verify-release', path, '--key', key], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  assert.equal(output, '');
  await context.close();
});

test('the reviewer previews and approves a release', async () => {
  const page = await browser.newPage();
  await signIn(page, base, demo.credentials.reviewer);
  await page.goto(`${base}/releases`);
  await Promise.all([page.waitForLoadState('load'), page.click('a[href="/releases/new"]')]);
  assert.ok((await page.textContent('main')).includes('persons.birth_date'));
  await page.fill('#title', 'Second release (browser test)');
  await page.screenshot({ path: join(artifacts, 'release-new.png'), fullPage: true });
  await Promise.all([page.waitForLoadState('load'), page.click('form.release button[type=submit]')]);
  assert.match(page.url(), /\/releases\/rel_[0-9a-z]+$/);
  assert.equal(await page.textContent('h1'), 'Second release (browser test)');
  await page.close();
});
