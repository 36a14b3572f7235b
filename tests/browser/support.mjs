// What every browser test file shares: build the small demo with the real `aqiqat` binary, serve
// it on a free port, launch Debian's Chromium through Playwright, read the demo's accounts from
// demo-credentials.txt, sign in and switch language. Screenshots go to tests/browser/artifacts/.
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const artifacts = join(here, 'artifacts');
const bin = process.env.AQIQAT_BIN ?? join(here, '..', '..', 'target', 'debug', 'aqiqat');

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

/// The account whose lines in demo-credentials.txt start with `prefix` (`''` for the administrator).
function account(text, prefix) {
  const line = (what) => new RegExp(`^${prefix}${what}: (.+)$`, 'm').exec(text)[1].trim();
  return { username: line('user name'), password: line('password') };
}

/// Builds the small demo in a fresh directory, serves it and launches Chromium. Returns
/// `{ base, dir, browser, credentials: { admin, investigator, analyst }, stop }`.
export async function startDemo(name) {
  mkdirSync(artifacts, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), `aqiqat-e2e-${name}-`));
  const db = join(dir, 'demo.db');
  execFileSync(bin, ['demo', '--db', db, '--small', '--no-serve'], { stdio: 'inherit' });
  const text = readFileSync(join(dir, 'demo-credentials.txt'), 'utf8');
  const credentials = {
    admin: account(text, ''),
    investigator: account(text, 'investigator '),
    analyst: account(text, 'analyst '),
  };
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = spawn(bin, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`], { stdio: 'inherit' });
  await waitForServer(`${base}/login`, 30000);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
  const stop = async () => {
    await browser.close();
    server.kill('SIGINT');
  };
  return { base, dir, browser, credentials, stop };
}

/// Signs in through the form as `who` ({ username, password }) and waits for the home page.
export async function signIn(page, base, who) {
  await page.goto(`${base}/login`);
  await page.fill('#username', who.username);
  await page.fill('#password', who.password);
  await Promise.all([page.waitForURL(`${base}/`), page.click('form.login button[type=submit]')]);
}

/// Switches the signed-in member's language with the header's switch and checks the page follows.
export async function switchLanguage(page, lang) {
  await page.selectOption('#lang-select', lang);
  await Promise.all([page.waitForLoadState('load'), page.click('form.lang button[type=submit]')]);
  assert.equal(await page.getAttribute('html', 'lang'), lang);
}
