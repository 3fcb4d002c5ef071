// The operator dashboard in Debian's Chromium: sign in, open the dashboard, read the SLA compliance, the breach and its
// reason, response times, escalation rate, support debt and QBRs, check it fits 1280×800 and works from the keyboard, then follow the breach to its instance's SLA chart.
// Env: BASE_URL, E2E_USER, E2E_PASSWORD, E2E_OUT (screenshot folder), CHROMIUM. Prints one JSON line with what it saw.
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const base = process.env.BASE_URL ?? 'http://127.0.0.1:5000';
const out = process.env.E2E_OUT ?? join(tmpdir(), 'dashboard-e2e');
mkdirSync(out, { recursive: true });
const profile = mkdtempSync(join(tmpdir(), 'dashboard-chromium-'));
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
const consoleErrors = [];
page.on('pageerror', (e) => consoleErrors.push(String(e)));

try {
  await page.goto(base + '/');
  await page.getByLabel('User name').fill(process.env.E2E_USER ?? 'admin');
  await page.getByLabel('Password').fill(process.env.E2E_PASSWORD ?? '');
  await page.keyboard.press('Enter');
  await page.getByRole('link', { name: 'Dashboard', exact: true }).click();

  const byPriority = page.getByRole('list', { name: 'SLA compliance per priority' });
  await byPriority.waitFor();
  seen.overall = (await page.getByTestId('sla-overall').textContent())?.trim();
  seen.byPriority = (await byPriority.getByRole('listitem').allTextContents()).map((t) => t.trim());
  seen.byTier = (await page.getByRole('list', { name: 'SLA compliance per tier' }).getByRole('listitem').allTextContents()).map((t) => t.trim());
  const breaches = page.locator('table.breaches tbody tr');
  seen.breaches = await breaches.count();
  seen.breachReason = (await breaches.first().locator('td').nth(4).textContent())?.trim();
  seen.dashboardCompleted = (await page.getByRole('list', { name: 'Tasks by status' }).getByRole('listitem').nth(2).textContent())?.trim();
  seen.times = (await page.getByRole('table', { name: 'Response times per priority' }).getByRole('row').allTextContents()).map((t) => t.trim());
  seen.rate = (await page.getByTestId('rate-overall').textContent())?.trim();
  seen.qbr = (await page.getByTestId('qbr-empty').textContent())?.trim();
  seen.debt = (await page.getByTestId('support-debt').textContent())?.trim();
  await fits(page, 'dashboard');
  await shot(page, '01-dashboard');

  // Keyboard: the window selector is reachable with Tab and shows its focus; the breach's ticket link opens with Enter.
  await page.locator('body').click({ position: { x: 5, y: 790 } });
  for (let i = 0; i < 60 && !(await page.evaluate(() => document.activeElement?.tagName === 'SELECT')); i++) await page.keyboard.press('Tab');
  seen.windowFocusVisible = await page.evaluate(() => {
    const el = document.activeElement;
    const style = el ? getComputedStyle(el) : null;
    return !!el && el.matches(':focus-visible') && (style.outlineStyle !== 'none' || style.boxShadow !== 'none');
  });
  await page.keyboard.press('ArrowDown');
  await page.getByText('over 90 days').waitFor();
  seen.windowAfterKey = (await page.getByTestId('sla-overall').textContent())?.trim();
  seen.timesAfterKey = (await page.locator('#d-times').textContent())?.trim();
  await breaches.first().getByRole('link').focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('sla-cycle').first().waitFor();
  seen.instanceReason = (await page.locator('.sla .breach-reason').first().textContent())?.trim();
  await page.getByTestId('sla').scrollIntoViewIfNeeded();
  await fits(page, 'breach-instance');
  await shot(page, '02-breach-instance');
  seen.errors = consoleErrors;
  console.log(JSON.stringify({ ok: true, ...seen }));
} catch (e) {
  await shot(page, 'failure').catch(() => {});
  console.log(JSON.stringify({ ok: false, error: String(e?.stack ?? e), errors: consoleErrors, ...seen }));
  process.exitCode = 1;
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
