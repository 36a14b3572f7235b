// End-to-end: the victim registry in the browser. The real `aqiqat` binary builds the small demo
// (its four lists linked at load time) and serves it; Playwright drives Debian's Chromium to sign
// in as the demo's investigator, link the four lists again, open the review queue, review a pair,
// merge its two persons, undo the merge (a split back to the two persons), and check the person
// pages, in English and in Russian; then to upload a list and read its import report, and to see
// that an analyst may read but not decide. Screenshots go to tests/browser/artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { artifacts, signIn as signInAs, startDemo, switchLanguage } from './support.mjs';

let demo;
let base;
let browser;
let credentials;

before(async () => {
  demo = await startDemo('registry');
  ({ base, browser, credentials } = demo);
});

after(async () => {
  await demo?.stop();
});

async function signIn(page, who) {
  await signInAs(page, base, who);
}

/// The hrefs of the person links in the side-by-side table of a pair page (first and second record).
async function personsOfPair(page) {
  const links = page.locator('section[aria-labelledby="side-by-side"] a[href^="/persons/"]');
  return [await links.nth(0).getAttribute('href'), await links.nth(1).getAttribute('href')];
}

async function recordCount(page, href) {
  await page.goto(`${base}${href}`);
  // The first table after the names is the records table of a registry person.
  const section = page.locator('section', { has: page.locator('h2', { hasText: /./ }) }).nth(2);
  return await section.locator('tbody tr').count();
}

/// The first pair of the queue whose two records are two persons now.
async function pairApart(page) {
  await page.goto(`${base}/registry/queue`);
  const hrefs = await page.locator('main table a[href^="/registry/pairs/"]').evaluateAll(
    (links) => links.map((a) => a.getAttribute('href')),
  );
  assert.ok(hrefs.length > 5, 'the queue holds pairs');
  for (const href of hrefs) {
    await page.goto(`${base}${href}`);
    if ((await page.getAttribute('dl.facts', 'data-standing')) === 'apart') return href;
  }
  throw new Error('no pair across two persons in the queue');
}

test('an investigator links the lists, merges a pair, undoes it and checks the persons', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(page, credentials.investigator);
  for (const lang of ['en', 'ru']) {
    await switchLanguage(page, lang);

    // Link the four lists again from the page.
    await page.click('nav a[href="/registry/queue"]');
    await page.waitForURL(`${base}/registry/queue`);
    await page.goto(`${base}/registry/link`);
    const boxes = page.locator('form.link input[type=checkbox]');
    assert.equal(await boxes.count(), 4, 'the four lists of the demo');
    for (let i = 0; i < 4; i += 1) assert.ok(await boxes.nth(i).isChecked());
    await Promise.all([page.waitForURL(`${base}/registry/link`), page.click('form.link button[type=submit]')]);
    assert.ok((await page.locator('dl.facts dd').count()) >= 8, 'the latest run is described');
    await page.screenshot({ path: join(artifacts, `registry-link-${lang}.png`), fullPage: true });

    await page.goto(`${base}/registry/queue`);
    assert.ok((await page.locator('main table tbody tr').count()) > 5);
    await page.screenshot({ path: join(artifacts, `registry-queue-${lang}.png`), fullPage: false });

    // A pair across two persons: both records, the waterfall, the decision buttons.
    const pair = await pairApart(page);
    const [personA, personB] = await personsOfPair(page);
    assert.notEqual(personA, personB);
    assert.ok((await page.locator('table.waterfall tbody tr').count()) >= 5, 'a waterfall row per comparison');
    assert.ok((await page.locator('table.waterfall .wf-bar').count()) >= 5, 'bars in CSS');
    assert.equal(await page.locator('section[aria-labelledby="verbatim"] table').count(), 2, 'both rows as imported');
    await page.screenshot({ path: join(artifacts, `registry-pair-${lang}.png`), fullPage: true });
    const before = { a: await recordCount(page, personA), b: await recordCount(page, personB) };

    // Merge: "same person", chosen with the keyboard in Russian, with the mouse in English.
    await page.goto(`${base}${pair}`);
    await page.fill('#note', lang === 'en' ? 'same father and date' : 'тот же отец и дата');
    const same = page.locator('form.decide button[value=same]');
    if (lang === 'ru') {
      await same.focus();
      await Promise.all([page.waitForURL(/done=decided/), page.keyboard.press('Enter')]);
    } else {
      await Promise.all([page.waitForURL(/done=decided/), same.click()]);
    }
    assert.equal(await page.locator('p.notice[role=status]').count(), 1);
    assert.equal(await page.getAttribute('dl.facts', 'data-standing'), 'same');
    const [mergedA, mergedB] = await personsOfPair(page);
    assert.equal(mergedA, mergedB, 'one person now');
    await page.screenshot({ path: join(artifacts, `registry-merged-${lang}.png`), fullPage: false });
    const merged = await recordCount(page, mergedA);
    assert.equal(merged, before.a + before.b, 'every record of both persons is with the one that stays');
    const membership = page.locator('section', { has: page.locator('h2', { hasText: lang === 'en' ? 'Lists that name this person' : 'Списки, которые называют этого человека' }) });
    assert.ok((await membership.locator('tbody tr').count()) >= 1);
    await page.screenshot({ path: join(artifacts, `registry-person-merged-${lang}.png`), fullPage: true });
    const gone = mergedA === personA ? personB : personA;
    await page.goto(`${base}${gone}`);
    assert.ok((await page.locator(`dl.facts a[href="${mergedA}"]`).count()) === 1, 'the merged person points to the one that stays');

    // Split back: undo the decision.
    await page.goto(`${base}${pair}`);
    await Promise.all([page.waitForURL(/done=undone/), page.click('form.undo button[type=submit]')]);
    assert.equal(await page.getAttribute('dl.facts', 'data-standing'), 'apart');
    const [splitA, splitB] = await personsOfPair(page);
    assert.deepEqual([splitA, splitB], [personA, personB], 'the same two persons as before');
    assert.equal(await page.locator('form.decide button[value=same]').count(), 1, 'the pair can be decided again');
    await page.screenshot({ path: join(artifacts, `registry-undone-${lang}.png`), fullPage: false });
    assert.equal(await recordCount(page, personA), before.a);
    assert.equal(await recordCount(page, personB), before.b);
    await page.screenshot({ path: join(artifacts, `registry-person-${lang}.png`), fullPage: true });

    await page.goto(`${base}/registry/decisions`);
    assert.ok((await page.locator('main table tbody tr').count()) >= 1);
    await page.screenshot({ path: join(artifacts, `registry-decisions-${lang}.png`), fullPage: false });
    await page.goto(`${base}/registry?place=almati`);
    assert.ok((await page.locator('main table tbody tr').count()) > 5);
    await page.screenshot({ path: join(artifacts, `registry-list-${lang}.png`), fullPage: false });
  }
  await switchLanguage(page, 'en');
  await page.close();
});

test('an investigator uploads a list and reads its problems', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(page, credentials.investigator);
  const file = join(demo.dir, 'families.csv');
  writeFileSync(file, 'ФИО;Дата гибели;Возраст\nИванов Иван;05.01.2022;35\nПетров Пётр;2022-13-01;сорок\n');
  await page.goto(`${base}/import`);
  await page.fill('#i-title', 'Family reports (browser test)');
  await page.selectOption('#i-kind', 'family-report');
  await page.setInputFiles('#i-file', file);
  await page.screenshot({ path: join(artifacts, 'import-form-en.png'), fullPage: true });
  await Promise.all([page.waitForURL(/\/imports\/imp_/), page.click('form.import button[type=submit]')]);
  const text = await page.locator('main').innerText();
  assert.match(text, /2022-13-01/);
  assert.match(text, /not a date/);
  assert.match(text, /not an age/);
  await page.screenshot({ path: join(artifacts, 'import-report-en.png'), fullPage: true });
  await page.close();
});

test('an analyst reads a pair but is offered no decision', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(page, credentials.analyst);
  await page.goto(`${base}/registry/queue`);
  await page.locator('main table a[href^="/registry/pairs/"]').first().click();
  await page.waitForURL(/\/registry\/pairs\//);
  assert.equal(await page.locator('form.decide').count(), 0);
  assert.ok((await page.locator('table.waterfall').count()) === 1);
  await page.goto(`${base}/registry/capture-histories?by=place`);
  assert.ok((await page.locator('main table tbody tr').count()) >= 15);
  await page.screenshot({ path: join(artifacts, 'capture-histories-en.png'), fullPage: false });
  await page.close();
});

test('an analyst reads the estimate of the uncounted dead, with its plots, in three languages', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(page, credentials.analyst);
  await page.goto(`${base}/registry`);
  await Promise.all([page.waitForURL(`${base}/registry/estimate`), page.click('.subnav a[href="/registry/estimate"]')]);
  for (const lang of ['en', 'ru', 'kk']) {
    await switchLanguage(page, lang);
    const rows = page.locator('table.estimates tbody tr');
    assert.equal(await rows.count(), 3, 'the three methods side by side');
    for (let i = 0; i < 3; i += 1) {
      assert.match(await rows.nth(i).locator('td').first().innerText(), /^\d[\d,\u00a0]*$/, 'an estimate per method');
    }
    const plots = page.locator('figure svg[role=img]');
    assert.equal(await plots.count(), 2, 'the posterior and the trace');
    assert.ok((await plots.first().locator('rect.bar').count()) > 5, 'a histogram of the draws');
    assert.equal(await plots.nth(1).locator('polyline.chain').count(), 4, 'four chains');
    assert.ok((await plots.first().locator('title').textContent()).length > 10, 'the plot has a title');
    assert.ok((await page.locator('figure figcaption').first().innerText()).length > 20, 'a text summary');
    await page.screenshot({ path: join(artifacts, `estimate-${lang}.png`), fullPage: true });
    if (lang === 'en') {
      // As printed: no navigation or form, the plots in black and grey.
      await page.emulateMedia({ media: 'print' });
      await page.screenshot({ path: join(artifacts, 'estimate-print-en.png'), fullPage: true });
      await page.emulateMedia({ media: 'screen' });
    }
  }
  // Stratified by week: the strata's table and its warnings.
  await page.selectOption('#e-by', 'week');
  await Promise.all([page.waitForURL(/by=week/), page.click('form.estimate button[type=submit]')]);
  assert.ok((await page.locator('section[aria-labelledby="strata"] tbody tr').count()) >= 2);
  await page.screenshot({ path: join(artifacts, 'estimate-by-week-kk.png'), fullPage: true });
  await switchLanguage(page, 'en');
  await page.close();
});
