// End-to-end: vetting. A vetting officer (added with `aqiqat user add`) creates a request by
// uploading a nominee CSV, screens it against the demo's registry, sees the hits (KAZBAT among
// them, with its chain of evidence), decides each nominee, sees the request decided, and reads
// the printable report; pages photographed in English, Russian and Kazakh. Then the registry's
// question: which units and commanders were in Almaty on 5 January 2022, with sources.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { artifacts, signIn, startDemo, switchLanguage } from './support.mjs';

const bin = process.env.AQIQAT_BIN ?? join(import.meta.dirname, '..', '..', 'target', 'debug', 'aqiqat');

let demo;
let base;
let browser;
let officer;

before(async () => {
  demo = await startDemo('vetting');
  ({ base, browser } = demo);
  const db = join(demo.dir, 'demo.db');
  const password = execFileSync(bin, ['user', 'add', '--db', db, '--username', 'officer', '--role', 'vetting-officer'], {
    encoding: 'utf8',
  }).trim();
  officer = { username: 'officer', password };
});

after(async () => {
  await demo?.stop();
});

const NOMINEES = [
  'nominee_id,kind,name,birth_date,gender,unit,rank',
  'n1,unit,KAZBAT,,,,',
  'n2,person,Ingvar Thorsen,1984-03-09,m,Logistics Directorate,Captain',
  'n3,unit,"Regional Command West, Engineer Battalion",,,,',
].join('\n');

test('a vetting officer goes from upload to a decided request', async () => {
  const page = await browser.newPage();
  await signIn(page, base, officer);
  await Promise.all([page.waitForLoadState('load'), page.click('nav a[href="/vetting"]')]);
  await Promise.all([page.waitForLoadState('load'), page.click('a[href="/vetting/new"]')]);
  await page.fill('#v-activity', 'Steppe Eagle 2025: company certification');
  await page.fill('#v-provider', 'United States');
  await page.fill('#v-programme', 'Peacekeeping training');
  await page.fill('#v-start', '2025-06-10');
  await page.fill('#v-end', '2025-06-28');
  const file = join(demo.dir, 'nominees.csv');
  writeFileSync(file, NOMINEES);
  await page.setInputFiles('#v-file', file);
  await page.screenshot({ path: join(artifacts, 'vetting-new.png'), fullPage: true });
  await Promise.all([page.waitForLoadState('load'), page.click('form.import button[type=submit]')]);
  assert.match(page.url(), /\/vetting\/vet_[0-9a-z]+$/);
  const request = page.url();
  await Promise.all([page.waitForLoadState('load'), page.click('form.screen button[type=submit]')]);
  assert.equal(page.url(), request);
  const kazbatRow = page.locator('tbody tr', { hasText: 'KAZBAT' });
  const hits = Number((await kazbatRow.locator('td').nth(4).innerText()).trim());
  assert.ok(hits > 0, `KAZBAT is hit (${hits} hits)`);
  const thorsenRow = page.locator('tbody tr', { hasText: 'Ingvar Thorsen' });
  assert.equal((await thorsenRow.locator('td').nth(4).innerText()).trim(), '0', 'a made-up name gets no hit');
  await page.screenshot({ path: join(artifacts, 'vetting-request.png'), fullPage: true });

  const links = await page.locator('tbody a[href*="/nominees/nom_"]').evaluateAll((as) => as.map((a) => a.href));
  assert.equal(links.length, 3);
  for (const link of links) {
    await page.goto(link);
    const hit = (await page.locator('article.hit').count()) > 0;
    if ((await page.locator('h1').innerText()).startsWith('KAZBAT')) {
      assert.ok(hit);
      const evidence = page.locator('ol.evidence li').first();
      assert.match(await evidence.innerText(), /\(([A-F]): /, 'sources carry their reliability grade');
      assert.ok((await evidence.locator('a[href^="/incidents/inc_"]').count()) > 0);
      await page.screenshot({ path: join(artifacts, 'vetting-nominee-kazbat.png'), fullPage: true });
    }
    if (hit) {
      await page.check('input[name=verdict][value=rejected]');
      await page.selectOption('#n-reason', 'unit-implicated');
      await page.fill('#n-rationale', 'Attributed to incidents in Almaty, 5-6 January 2022; sources graded above.');
    } else {
      await page.check('input[name=verdict][value=approved]');
    }
    await Promise.all([page.waitForLoadState('load'), page.click('form.decide button[type=submit]')]);
    assert.equal(page.url(), request);
  }
  const status = page.locator('dl.facts div', { hasText: 'Status' }).locator('dd');
  assert.equal((await status.innerText()).trim(), 'decided');
  await page.screenshot({ path: join(artifacts, 'vetting-decided.png'), fullPage: true });
  for (const lang of ['ru', 'kk']) {
    await switchLanguage(page, lang);
    await page.screenshot({ path: join(artifacts, `vetting-decided-${lang}.png`), fullPage: true });
  }
  await switchLanguage(page, 'en');
  await page.goto(`${request}/report`);
  assert.match(await page.locator('h1').innerText(), /^Vetting report: Steppe Eagle 2025/);
  assert.ok((await page.locator('article.hit').count()) > 0);
  await page.screenshot({ path: join(artifacts, 'vetting-report.png'), fullPage: true });
  await page.emulateMedia({ media: 'print' });
  await page.screenshot({ path: join(artifacts, 'vetting-report-print.png'), fullPage: true });
  await page.emulateMedia({ media: 'screen' });
  // The registry's question: which units, and who commanded them, were in Almaty on 5 January 2022.
  await page.goto(`${base}/units/at`);
  await page.fill('#u-place', 'Almaty');
  await page.fill('#u-on', '2022-01-05');
  await Promise.all([page.waitForLoadState('load'), page.click('form.filters button[type=submit]')]);
  const kazbat = page.locator('tbody tr', { hasText: 'KAZBAT' });
  assert.equal(await kazbat.count(), 1, 'KAZBAT was in Almaty on 5 January 2022');
  assert.ok((await kazbat.locator('a[href^="/sources/src_"]').count()) > 0, 'with its source');
  await page.screenshot({ path: join(artifacts, 'units-at.png'), fullPage: true });
  await page.goto(`${base}/vetting`);
  assert.match(await page.locator('tbody tr', { hasText: 'Steppe Eagle 2025' }).innerText(), /decided \(3\/3\)/);
  await page.close();
});
