// End-to-end: the real `aqiqat` binary builds a small demo scenario and serves it; Playwright drives
// Debian's Chromium to sign in, open the persons list and a person, and switch between English,
// Russian and Kazakh. Screenshots are kept in tests/browser/artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { artifacts, signIn as signInAs, startDemo } from './support.mjs';

let demo;
let base;
let browser;

before(async () => {
  demo = await startDemo('demo');
  ({ base, browser } = demo);
});

after(async () => {
  await demo?.stop();
});

/// The demo's administrator: the first account in demo-credentials.txt.
async function signIn(page) {
  await signInAs(page, base, demo.credentials.admin);
}

test('a wrong password is refused with a message', async () => {
  const page = await browser.newPage();
  await page.goto(`${base}/login`);
  await page.fill('#username', demo.credentials.admin.username);
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
