// End-to-end: the real `aqiqat` binary builds a small demo scenario and serves it; Playwright drives
// Debian's Chromium to sign in, open the persons list and a person, and switch between English,
// Russian and Kazakh. Screenshots are kept in tests/browser/artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const artifacts = join(here, 'artifacts');
const bin = process.env.AQIQAT_BIN ?? join(here, '..', '..', 'target', 'debug', 'aqiqat');
let server;
let browser;
let base;
let credentials;

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

async function waitForServer(url, deadlineMs) {
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the server did not answer at ${url}`);
}

before(async () => {
  mkdirSync(artifacts, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), 'aqiqat-e2e-'));
  const db = join(dir, 'demo.db');
  execFileSync(bin, ['demo', '--db', db, '--small', '--no-serve'], { stdio: 'inherit' });
  const text = readFileSync(join(dir, 'demo-credentials.txt'), 'utf8');
  credentials = {
    username: /user name: (.+)/.exec(text)[1].trim(),
    password: /password: (.+)/.exec(text)[1].trim(),
  };
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn(bin, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`], { stdio: 'inherit' });
  await waitForServer(`${base}/login`, 30000);
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
});

after(async () => {
  await browser?.close();
  server?.kill('SIGINT');
});

async function signIn(page) {
  await page.goto(`${base}/login`);
  await page.fill('#username', credentials.username);
  await page.fill('#password', credentials.password);
  await Promise.all([page.waitForURL(`${base}/`), page.click('form.login button[type=submit]')]);
}

test('a wrong password is refused with a message', async () => {
  const page = await browser.newPage();
  await page.goto(`${base}/login`);
  await page.fill('#username', credentials.username);
  await page.fill('#password', 'not the password');
  await Promise.all([page.waitForLoadState('load'), page.click('form.login button[type=submit]')]);
  assert.equal(await page.locator('[role=alert]').count(), 1);
  await page.screenshot({ path: join(artifacts, 'login-failed.png'), fullPage: true });
  await page.close();
});

test('signs in, opens persons and a person, in English, Russian and Kazakh', async () => {
  const page = await browser.newPage();
  await signIn(page);
  const navTexts = new Map();
  for (const lang of ['ru', 'kk', 'en']) {
    await page.selectOption('#lang-select', lang);
    await Promise.all([page.waitForLoadState('load'), page.click('form.lang button[type=submit]')]);
    assert.equal(await page.getAttribute('html', 'lang'), lang);

    await page.click('nav a[href="/persons"]');
    await page.waitForURL(`${base}/persons`);
    assert.equal(await page.getAttribute('html', 'lang'), lang);
    navTexts.set(lang, await page.locator('nav').innerText());
    const links = page.locator('main table a');
    assert.ok((await links.count()) > 10, 'the persons list shows persons');
    await page.screenshot({ path: join(artifacts, `persons-${lang}.png`), fullPage: false });

    const name = (await links.first().innerText()).trim();
    await links.first().click();
    await page.waitForURL(/\/persons\/per_/);
    assert.equal((await page.locator('h1').innerText()).trim(), name);
    await page.screenshot({ path: join(artifacts, `person-${lang}.png`), fullPage: true });

    await page.click('nav a[href="/units"]');
    await page.waitForURL(`${base}/units`);
    await page.locator('main table a', { hasText: 'KAZBAT' }).first().click();
    await page.waitForURL(/\/units\/unt_/);
    await page.screenshot({ path: join(artifacts, `unit-kazbat-${lang}.png`), fullPage: true });
  }
  // Links name what they point to: no bare person or source ids as link text.
  await page.click('nav a[href="/incidents"]');
  await page.waitForURL(`${base}/incidents`);
  await page.locator('main table a', { hasText: 'Mass detentions' }).first().click();
  await page.waitForURL(/\/incidents\/inc_/);
  const linkTexts = await page.locator('main a').allInnerTexts();
  assert.ok(linkTexts.length > 0);
  assert.deepEqual(linkTexts.filter((t) => /^(per|src)_/.test(t.trim())), []);
  await page.screenshot({ path: join(artifacts, 'incident-en.png'), fullPage: false });
  // The navigation reads differently in each language.
  assert.equal(new Set(navTexts.values()).size, 3, JSON.stringify([...navTexts]));
  await page.close();
});
