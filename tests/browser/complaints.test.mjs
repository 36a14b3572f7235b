// End-to-end: a complaint from intake to the complainant's status page. The demo's investigator
// takes a complaint in and hands the sheet (case code and passphrase, in Russian) to the
// complainant; the complainant, with no account, opens /status in a browser of their own and sees
// the registration; the investigator opens an investigation (a shared step) and adds an internal
// one; the complainant sees the first and not the second, and reports pressure, which the
// investigator finds at the top of the allegations. The demo's own complainant (from
// demo-credentials.txt) signs in to the status page too; the funnel and the counts are photographed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { artifacts, signIn, startDemo, switchLanguage } from './support.mjs';

let demo;
let base;
let browser;

before(async () => {
  demo = await startDemo('complaints');
  ({ base, browser } = demo);
});

after(async () => {
  await demo?.stop();
});

async function checkStatus(page, code, passphrase) {
  await page.goto(`${base}/status`);
  await page.fill('#code', code);
  await page.fill('#passphrase', passphrase);
  await Promise.all([page.waitForLoadState('load'), page.click('form.login button[type=submit]')]);
}

async function timeline(page) {
  return (await page.locator('table tbody tr').allInnerTexts()).join('\n');
}

test('intake, the complainant checks, a status change, the complainant sees it', async () => {
  const investigator = await (await browser.newContext()).newPage();
  await signIn(investigator, base, demo.credentials.investigator);
  await Promise.all([investigator.waitForLoadState('load'), investigator.click('nav a[href="/allegations"]')]);
  await investigator.screenshot({ path: join(artifacts, 'allegations.png'), fullPage: true });
  await Promise.all([investigator.waitForLoadState('load'), investigator.click('a[href="/allegations/new"]')]);
  await investigator.fill('#complainant', 'Гульнара Ахметова (mother of the victim)');
  await investigator.selectOption('#language', 'ru');
  await investigator.selectOption('#kind', 'torture');
  await investigator.check('input[name=act][value=beating]');
  await investigator.check('input[name=act][value=electric-shock]');
  await investigator.fill('#place_of_detention', 'Temporary holding facility, Almaty');
  await investigator.fill('#registration_number', 'KUI 2022-0042');
  await investigator.fill('#handling_body', "Prosecutor's Office of Almaty");
  await investigator.fill('#note', 'Complaint registered by the prosecutor.');
  await investigator.screenshot({ path: join(artifacts, 'intake.png'), fullPage: true });
  await Promise.all([investigator.waitForLoadState('load'), investigator.click('form.stacked button[type=submit]')]);
  const code = (await investigator.locator('#case-code').innerText()).trim();
  const passphrase = (await investigator.locator('#passphrase').innerText()).trim();
  assert.match(code, /^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  assert.match(passphrase, /^[a-z0-9]{4}(-[a-z0-9]{4}){4}$/);
  assert.equal(await investigator.getAttribute('section.sheet', 'lang'), 'ru');
  assert.match(await investigator.locator('section.sheet').innerText(), /Код дела/);
  await investigator.screenshot({ path: join(artifacts, 'access-sheet.png'), fullPage: true });
  await investigator.emulateMedia({ media: 'print' });
  await investigator.screenshot({ path: join(artifacts, 'access-sheet-print.png'), fullPage: true });
  await investigator.emulateMedia({ media: 'screen' });
  const followUp = await investigator.getAttribute('a[href$="/follow-up"]', 'href');

  // The complainant: another browser, no account.
  const complainant = await (await browser.newContext({ locale: 'ru-RU' })).newPage();
  await checkStatus(complainant, code, passphrase);
  assert.equal(await complainant.getAttribute('html', 'lang'), 'ru');
  assert.match(await timeline(complainant), /зарегистрирована/);
  assert.doesNotMatch(await timeline(complainant), /расследование/);
  await complainant.screenshot({ path: join(artifacts, 'status-ru.png'), fullPage: true });

  // The investigator: an internal step, then a shared one.
  await investigator.goto(`${base}${followUp}`);
  await investigator.selectOption('#status', 'examination');
  await investigator.uncheck('input[name=shareable]');
  await investigator.fill('#step-note', 'Internal: forensic examination ordered');
  await Promise.all([investigator.waitForLoadState('load'), investigator.click('form[action$="/steps"] button[type=submit]')]);
  await investigator.selectOption('#status', 'investigation-opened');
  await investigator.fill('#step-note', 'Pre-trial investigation opened');
  await Promise.all([investigator.waitForLoadState('load'), investigator.click('form[action$="/steps"] button[type=submit]')]);
  assert.match(await investigator.locator('table').first().innerText(), /investigation opened/);
  await investigator.screenshot({ path: join(artifacts, 'follow-up.png'), fullPage: true });

  // The complainant sees the shared step and not the internal one.
  await checkStatus(complainant, code, passphrase);
  const seen = await timeline(complainant);
  assert.match(seen, /возбуждено расследование/);
  assert.match(seen, /Pre-trial investigation opened/);
  assert.doesNotMatch(seen, /forensic examination ordered/);

  // "I am being pressured": the investigator sees it first thing.
  await complainant.fill('#circumstances', 'Полицейские приходили домой дважды');
  await Promise.all([complainant.waitForLoadState('load'), complainant.click('button.urgent')]);
  assert.match(await complainant.locator('p.notice').innerText(), /записано/);
  await complainant.screenshot({ path: join(artifacts, 'status-pressure-ru.png'), fullPage: true });
  await investigator.goto(`${base}/allegations`);
  assert.match(await investigator.locator('table').first().innerText(), /Полицейские приходили домой дважды/);

  // A wrong passphrase gets the one refusal.
  await checkStatus(complainant, code, 'aaaa-bbbb-cccc-dddd-eeee');
  assert.match(await complainant.locator('p.alert').innerText(), /Нет жалобы/);
  await complainant.screenshot({ path: join(artifacts, 'status-refused-ru.png'), fullPage: true });
});

test("the demo's complainant follows their complaint; the funnel and the counts", async () => {
  const text = readFileSync(join(demo.dir, 'demo-credentials.txt'), 'utf8');
  const code = /^complainant case code: (.+)$/m.exec(text)[1].trim();
  const passphrase = /^complainant passphrase: (.+)$/m.exec(text)[1].trim();
  const complainant = await (await browser.newContext({ locale: 'kk-KZ' })).newPage();
  await checkStatus(complainant, code, passphrase);
  assert.equal(await complainant.getAttribute('html', 'lang'), 'kk');
  assert.match(await timeline(complainant), /тергеу басталды/);
  await complainant.screenshot({ path: join(artifacts, 'status-kk.png'), fullPage: true });

  const analyst = await (await browser.newContext()).newPage();
  await signIn(analyst, base, demo.credentials.analyst);
  await Promise.all([analyst.waitForLoadState('load'), analyst.click('nav a[href="/accountability"]')]);
  const total = await analyst.locator('table').first().locator('tbody tr').first().innerText();
  assert.match(total, /Total/);
  await analyst.screenshot({ path: join(artifacts, 'accountability.png'), fullPage: true });
  await switchLanguage(analyst, 'ru');
  await analyst.screenshot({ path: join(artifacts, 'accountability-ru.png'), fullPage: true });
  await analyst.goto(`${base}/withdrawals`);
  await analyst.screenshot({ path: join(artifacts, 'withdrawals-ru.png'), fullPage: true });
  await analyst.goto(`${base}/cases`);
  await Promise.all([analyst.waitForLoadState('load'), analyst.click('table a[href^="/cases/cas_"]')]);
  await analyst.screenshot({ path: join(artifacts, 'case-ru.png'), fullPage: true });
});
