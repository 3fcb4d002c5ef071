// The incident console in Debian's Chromium: an incident commander signs in, declares an incident with the keyboard,
// posts a status update with Ctrl+Enter and watches the page fill in who was paged and, once a responder acknowledges
// (through the API with their own key, as from their phone), when. Prints one JSON line with what it saw.
// Env: BASE_URL, E2E_USER, E2E_PASSWORD (the commander), E2E_RESPONDER_KEY (an API key named person:<id>),
// E2E_RESPONDER (that person's name), E2E_OUT (screenshot folder), CHROMIUM (default /usr/bin/chromium).
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const base = process.env.BASE_URL ?? 'http://127.0.0.1:5000';
const out = process.env.E2E_OUT ?? join(tmpdir(), 'incidents-e2e');
const responder = process.env.E2E_RESPONDER ?? 'Tan Level3';
mkdirSync(out, { recursive: true });
const profile = mkdtempSync(join(tmpdir(), 'incidents-chromium-'));
const seen = { overflowingPages: [] };
const shot = (page, name) => page.screenshot({ path: join(out, `${name}.png`) });
const fits = async (page, name) => {
  if (await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth)) seen.overflowingPages.push(name);
};

const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1280, height: 800 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = context.pages()[0] ?? (await context.newPage());
page.setDefaultTimeout(15000);
const pageErrors = [];
page.on('pageerror', (e) => pageErrors.push(String(e)));

try {
  await page.goto(base + '/incidents');
  await page.getByLabel('User name').fill(process.env.E2E_USER ?? 'ida');
  await page.keyboard.press('Tab');
  await page.keyboard.type(process.env.E2E_PASSWORD ?? '');
  await page.keyboard.press('Enter');
  await page.getByRole('link', { name: 'Incidents', exact: true }).click();
  await page.getByRole('heading', { name: 'Incidents' }).waitFor();

  // Declare with the keyboard: the button, then the form from its title (focused on open) to its Declare button.
  await page.getByRole('button', { name: 'Declare incident' }).focus();
  await page.keyboard.press('Enter');
  await page.keyboard.type('Provider portal down');
  await page.keyboard.press('Tab'); // severity: SEV1 stays
  await page.keyboard.press('Tab'); // commander: the signed-in commander is chosen
  await page.getByRole('option', { name: /Acme Clinics/ }).waitFor({ state: 'attached' });
  await page.keyboard.press('Tab'); // affected accounts
  await page.keyboard.press('ArrowDown');
  seen.accountsSelected = await page.getByLabel(/Affected accounts/).evaluate((s) => [...s.selectedOptions].map((o) => o.value));
  seen.commander = await page.getByLabel('Commander').inputValue();
  await shot(page, 'incidents-01-declare');
  await fits(page, 'declare');
  await page.keyboard.press('Tab'); // security flag: left off
  await page.keyboard.press('Tab');
  seen.declareFocus = await page.evaluate(() => document.activeElement?.textContent);
  await page.keyboard.press('Enter');

  await page.getByRole('heading', { name: 'Provider portal down' }).waitFor();
  seen.incidentUrl = new URL(page.url()).pathname;
  seen.phase = await page.getByTestId('incident-phase').textContent();

  // A status update, posted with Ctrl+Enter from the text box.
  await page.getByLabel(/Status update/).focus();
  await page.keyboard.type('Failover to the standby region has started.');
  await page.keyboard.press('Control+Enter');
  await page.getByRole('list', { name: 'Timeline' }).getByText('Failover to the standby region has started.').waitFor();
  seen.nextUpdate = await page.getByTestId('next-update').textContent();

  // Who was paged: the emergency team's page is queued at the declaration.
  const table = page.getByRole('table', { name: 'Paged and acknowledged' });
  const row = table.getByRole('row').filter({ hasText: responder }).filter({ hasText: 'assembleTeam' });
  await row.first().waitFor();
  seen.pagedPeople = [...new Set(await table.locator('tbody tr td:first-child').evaluateAll((cells) => cells.map((c) => c.firstChild?.textContent ?? '')))];

  // The responder acknowledges from elsewhere; the console picks it up on its own (it polls every few seconds).
  const id = decodeURIComponent(seen.incidentUrl.split('/').pop());
  const ack = await fetch(`${base}/api/escalations/${encodeURIComponent(id)}/acknowledge`, { method: 'POST', headers: { 'X-Api-Key': process.env.E2E_RESPONDER_KEY ?? '' } });
  seen.ackStatus = ack.status;
  await row.first().locator('td').last().locator('.badge.acknowledged').waitFor({ timeout: 20000 });
  seen.acknowledgedCell = await row.first().locator('td').last().textContent();
  seen.acknowledgements = await page.getByTestId('acknowledgements').textContent();
  await shot(page, 'incidents-02-console');
  await fits(page, 'console');

  await page.getByRole('link', { name: '← Incidents' }).click();
  const listRow = page.getByRole('table', { name: 'Incidents' }).getByRole('row').filter({ hasText: 'Provider portal down' });
  await listRow.waitFor();
  // The row shows the commander's id until the people list has loaded, then the name.
  await listRow.filter({ hasText: 'Ida Commander' }).waitFor({ timeout: 10000 }).catch(() => {});
  seen.listRow = await listRow.textContent();
  await shot(page, 'incidents-03-list');
  await fits(page, 'list');

  seen.pageErrors = pageErrors;
  seen.ok = pageErrors.length === 0;
} catch (e) {
  seen.ok = false;
  seen.error = String(e?.stack ?? e);
  seen.pageErrors = pageErrors;
  await shot(page, 'incidents-failure').catch(() => {});
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(JSON.stringify({ ok: seen.ok, ...seen }));
process.exit(seen.ok ? 0 : 1);
