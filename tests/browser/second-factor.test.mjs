// End-to-end: the demo's administrator, who has no second factor, signs in and is sent to enrol
// one and nowhere else; the test reads the secret off the page, computes the authenticator app's
// code with Node's crypto, confirms it, keeps the recovery codes shown once, signs out, signs in
// again with the password and then a code, and once with a recovery code (refused the second
// time). The pages are photographed in English, Russian and Kazakh (tests/browser/artifacts/).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { artifacts, enrolSecondFactor, startDemo, totpCode } from './support.mjs';

let demo;
let base;
let browser;

before(async () => {
  demo = await startDemo('second-factor');
  ({ base, browser } = demo);
});

after(async () => {
  await demo?.stop();
});

async function password(page, who, lang) {
  await page.goto(`${base}/login?lang=${lang}`);
  await page.fill('#username', who.username);
  await page.fill('#password', who.password);
  await Promise.all([page.waitForLoadState('load'), page.click('form.login button[type=submit]')]);
}

test('the administrator enrols a second factor, then signs in with password and code', async () => {
  const admin = { ...demo.credentials.admin };
  const page = await browser.newPage();
  // The enrolment page in each language; the last one is confirmed.
  for (const lang of ['ru', 'kk', 'en']) {
    await password(page, admin, lang);
    assert.equal(page.url(), `${base}/account/second-factor`, 'an administrator without TOTP is sent to enrol');
    assert.equal(await page.getAttribute('html', 'lang'), lang);
    // Nothing else is open until then.
    await page.goto(`${base}/persons`);
    assert.equal(page.url(), `${base}/account/second-factor`);
    const shot = (what = 'enrol') =>
      page.screenshot({ path: join(artifacts, `second-factor-${what}-${lang}.png`), fullPage: true });
    if (lang !== 'en') {
      await shot();
      // A wrong code keeps the same secret on the page, with a message.
      const secret = await page.locator('#totp-secret').innerText();
      await page.fill('#code', '000000');
      await Promise.all([page.waitForLoadState('load'), page.click('form.login button[type=submit]')]);
      assert.equal(await page.locator('[role=alert]').count(), 2);
      assert.equal(await page.locator('#totp-secret').innerText(), secret);
      await page.click('form.signout button[type=submit]');
      await page.waitForURL(`${base}/login`);
      continue;
    }
    await enrolSecondFactor(page, base, admin, shot);
  }
  assert.equal(await page.locator('h1').count(), 1);
  await page.click('form.signout button[type=submit]');
  await page.waitForURL(`${base}/login`);

  // Password, then code: the code page in each language, a wrong code refused, the right one in.
  for (const lang of ['ru', 'kk']) {
    await password(page, admin, lang);
    assert.equal(page.url(), `${base}/login/code`);
    await page.fill('#code', '000000');
    await Promise.all([page.waitForLoadState('load'), page.click('form.login button[type=submit]')]);
    assert.equal(await page.locator('[role=alert]').count(), 1);
    await page.screenshot({ path: join(artifacts, `second-factor-code-${lang}.png`), fullPage: true });
  }
  await password(page, admin, 'en');
  assert.equal(page.url(), `${base}/login/code`);
  await page.screenshot({ path: join(artifacts, 'second-factor-code-en.png'), fullPage: true });
  // The enrolment spent this step's code; the next step's is accepted one step early.
  const step = Math.floor(Date.now() / 30000) + 1;
  await page.fill('#code', totpCode(admin.totpSecret, step));
  await Promise.all([page.waitForURL(`${base}/`), page.click('form.login button[type=submit]')]);
  await page.goto(`${base}/account/second-factor`);
  assert.match(await page.locator('#recovery-left').innerText(), /10/);
  await page.screenshot({ path: join(artifacts, 'second-factor-enrolled-en.png'), fullPage: true });
  await page.click('form.signout button[type=submit]');
  await page.waitForURL(`${base}/login`);

  // The device lost: a recovery code instead of the app's, once.
  await password(page, admin, 'en');
  await page.fill('#code', admin.recoveryCodes[0]);
  await Promise.all([page.waitForURL(`${base}/`), page.click('form.login button[type=submit]')]);
  await page.goto(`${base}/account/second-factor`);
  assert.match(await page.locator('#recovery-left').innerText(), /9/);
  // The administrator's list of accounts, with the second factor just enrolled.
  await page.goto(`${base}/accounts`);
  const row = page.locator('tr', { has: page.locator(`th:text-is("${admin.username}")`) });
  assert.match(await row.innerText(), /enrolled/);
  assert.equal(await row.locator('button').count(), 0, "one's own second factor is another administrator's to reset");
  await page.screenshot({ path: join(artifacts, 'accounts-en.png'), fullPage: true });
  await page.click('form.signout button[type=submit]');
  await page.waitForURL(`${base}/login`);
  await password(page, admin, 'en');
  await page.fill('#code', admin.recoveryCodes[0]);
  await Promise.all([page.waitForLoadState('load'), page.click('form.login button[type=submit]')]);
  assert.equal(page.url(), `${base}/login/code`, 'a recovery code works once');
  assert.equal(await page.locator('[role=alert]').count(), 1);
  await page.close();
});
