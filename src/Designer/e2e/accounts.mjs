// The account pages in Debian's Chromium: sign in, open Accounts, find the account and open it with the keyboard, read
// the onboarding timeline, try a second start for the same period, and check the page fits 1280×800.
// Env: BASE_URL, E2E_USER, E2E_PASSWORD, E2E_ACCOUNT (customer name), E2E_KICKOFF (yyyy-mm-dd), E2E_OUT, CHROMIUM.
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const base = process.env.BASE_URL ?? 'http://127.0.0.1:5000';
const out = process.env.E2E_OUT ?? join(tmpdir(), 'designer-e2e');
const customer = process.env.E2E_ACCOUNT ?? 'Mercy Health';
mkdirSync(out, { recursive: true });
const profile = mkdtempSync(join(tmpdir(), 'designer-chromium-'));
const seen = { overflowingPages: [] };
const shot = (page, name) => page.screenshot({ path: join(out, `${name}.png`), fullPage: true });
const fits = async (page, name) => {
  if (await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth)) seen.overflowingPages.push(name);
};
const focused = (page) => page.evaluate(() => {
  const el = document.activeElement;
  return el ? `${el.tagName.toLowerCase()}:${el.textContent?.trim()}` : 'none';
});

const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1280, height: 800 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = context.pages()[0] ?? (await context.newPage());
page.setDefaultTimeout(15000);
const errors = [];
page.on('pageerror', (e) => errors.push(String(e)));

try {
  await page.goto(base + '/');
  await page.getByLabel('User name').fill(process.env.E2E_USER ?? 'admin');
  await page.keyboard.press('Tab');
  await page.keyboard.type(process.env.E2E_PASSWORD ?? '');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Workflows' }).waitFor();

  await page.getByRole('link', { name: 'Accounts', exact: true }).click();
  await page.getByRole('heading', { name: 'Accounts', level: 1 }).waitFor();
  await page.getByRole('link', { name: customer }).waitFor();
  await fits(page, 'accounts');
  await shot(page, '20-accounts');
  seen.listRow = (await page.getByRole('row').filter({ hasText: customer }).locator('td').allInnerTexts()).map((t) => t.trim()).join(' | ');

  // Keyboard only: search, Tab to the account's link, Enter opens it.
  await page.getByLabel('Search accounts').focus();
  await page.keyboard.type(customer.split(' ')[0].toLowerCase());
  await page.keyboard.press('Tab');
  seen.focusedAfterSearch = await focused(page);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: customer, level: 1 }).waitFor();
  seen.url = new URL(page.url()).pathname;

  const timeline = page.getByTestId('timeline').first();
  await timeline.waitFor();
  seen.timeline = await page.evaluate(() => {
    const svg = document.querySelector('[data-testid="timeline"] svg');
    const count = (selector) => svg.querySelectorAll(selector).length;
    const byStatus = {};
    for (const c of svg.querySelectorAll('circle[data-kind="task"]')) byStatus[c.dataset.status] = (byStatus[c.dataset.status] ?? 0) + 1;
    return {
      label: document.getElementById(svg.getAttribute('aria-labelledby'))?.textContent,
      phases: [...svg.querySelectorAll('[data-kind="phase"]')].map((g) => `${g.dataset.phase}:${g.dataset.status}`),
      tasks: count('circle[data-kind="task"]'),
      byStatus,
      gates: count('[data-kind="gate"]'),
      today: count('[data-kind="today"]'),
      titled: [...svg.querySelectorAll('circle[data-kind="task"]')].every((c) => c.querySelector('title')?.textContent),
    };
  });
  await fits(page, 'account');
  await shot(page, '21-account-timeline');

  // The table fallback opens from the keyboard.
  await page.getByText('Phases and tasks as a table').first().focus();
  await page.keyboard.press('Enter');
  seen.tableRows = await page.getByRole('table', { name: /phases and tasks/ }).first().locator('tbody tr td:first-child').count();

  // A second start of the same onboarding (same kickoff day, so the same period) shows the run already there.
  await page.getByRole('combobox', { name: /^Playbook/ }).selectOption({ label: '90-day onboarding' });
  await page.getByLabel('Kickoff date').fill(process.env.E2E_KICKOFF ?? '2026-11-02');
  await page.getByRole('button', { name: 'Start playbook' }).click();
  await page.getByRole('status').filter({ hasText: 'already has a run' }).waitFor();
  seen.dedupe = await page.getByRole('status').filter({ hasText: 'already has a run' }).textContent();
  seen.runs = await page.getByTestId('run').count();
  await page.waitForFunction(() => document.activeElement?.tagName === 'H3', null, { timeout: 5000 }).catch(() => {});
  seen.focusedAfterDedupe = await focused(page);
  await fits(page, 'account-after-start');
  await page.screenshot({ path: join(out, '22-account-dedupe.png') });

  seen.errors = errors;
  console.log(JSON.stringify({ ok: true, ...seen }));
} catch (e) {
  await page.screenshot({ path: join(out, 'accounts-failure.png') }).catch(() => {});
  console.log(JSON.stringify({ ok: false, error: String(e?.stack ?? e), errors, ...seen }));
  process.exitCode = 1;
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
