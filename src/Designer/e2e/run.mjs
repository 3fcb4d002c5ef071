// End-to-end walk through the designer in Debian's Chromium (never a downloaded browser): sign in, build a
// three-activity workflow from the palette, connect it, publish it, run it and watch the instance finish with its
// path highlighted. Called by the C# tests with the server's address; prints one JSON line with what it saw.
// Env: BASE_URL, E2E_USER, E2E_PASSWORD, E2E_OUT (screenshot folder), CHROMIUM (default /usr/bin/chromium).
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const base = process.env.BASE_URL ?? 'http://127.0.0.1:5000';
const out = process.env.E2E_OUT ?? join(tmpdir(), 'designer-e2e');
mkdirSync(out, { recursive: true });
const profile = mkdtempSync(join(tmpdir(), 'designer-chromium-'));
const seen = {};
const shot = (page, name) => page.screenshot({ path: join(out, `${name}.png`) });
// Every page must fit the 1280×800 viewport's width: no sideways scrolling.
seen.overflowingPages = [];
const fits = async (page, name) => {
  const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  if (wide) seen.overflowingPages.push(name);
};
// What has focus, as "kind:name" (a field is named by its label's own text).
const focused = (page) => page.evaluate(() => {
  const el = document.activeElement;
  if (!el || el === document.body) return 'body';
  const tag = el.tagName.toLowerCase();
  const label = el.labels?.[0]?.childNodes[0]?.textContent?.trim();
  const name = el.getAttribute('aria-label') ?? label ?? el.textContent?.trim();
  return `${tag === 'a' ? 'link' : tag}:${name}`;
});

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
  // The first page must come up fast: the main bundle holds no editor and no layout engine.
  await page.goto(base + '/');
  await page.getByLabel('User name').waitFor();
  const started = Date.now();
  await page.reload();
  await page.getByLabel('User name').waitFor();
  seen.firstPageMs = Date.now() - started;
  await shot(page, '01-sign-in');

  // Keyboard only: type, Tab to the password, Enter submits.
  await page.getByLabel('User name').fill(process.env.E2E_USER ?? 'admin');
  await page.keyboard.press('Tab');
  await page.keyboard.type(process.env.E2E_PASSWORD ?? '');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Workflows' }).waitFor();
  await fits(page, 'workflows');
  seen.signedInAs = await page.getByTestId('who').textContent();

  await page.getByLabel('New workflow name').fill('Browser built flow');
  await page.getByRole('button', { name: 'Create' }).click();
  await page.waitForURL(/\/definitions\/browser-built-flow$/);
  const canvas = page.locator('.react-flow__pane');
  await canvas.waitFor();

  // Three activities dragged from the palette onto the canvas.
  await page.getByLabel('Find activity').fill('write line');
  const item = page.locator('.palette button[data-type="Elsa.WriteLine"]');
  const box = await canvas.boundingBox();
  // Close together, so the details panel that opens on selection never covers one of them.
  const drops = [{ x: 80, y: 80 }, { x: 280, y: 170 }, { x: 480, y: 260 }];
  for (const d of drops) {
    await item.dragTo(canvas, { targetPosition: d });
  }
  await page.locator('.react-flow__node').nth(2).waitFor();
  seen.nodes = await page.locator('.react-flow__node').count();

  // Give each a text through the properties panel (Enter commits the field).
  for (let i = 0; i < 3; i++) {
    await page.locator('.react-flow__node').nth(i).click();
    const text = page.getByRole('textbox', { name: 'Text', exact: true });
    await text.fill(`step ${i + 1}`);
    await text.press('Enter');
  }
  await page.keyboard.press('Escape');

  // Connect Done of each to the In of the next by dragging between the handles.
  for (let i = 0; i < 2; i++) {
    const from = page.locator('.react-flow__node').nth(i).locator('.react-flow__handle.source').first();
    const to = page.locator('.react-flow__node').nth(i + 1).locator('.react-flow__handle.target');
    const a = await from.boundingBox();
    const b = await to.boundingBox();
    await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await page.mouse.down();
    await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
    await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
    await page.mouse.up();
  }
  await page.locator('.react-flow__edge').nth(1).waitFor();
  seen.edges = await page.locator('.react-flow__edge').count();
  void box;

  // Undo removes the last connection, redo brings it back.
  await canvas.click({ position: { x: 20, y: 20 } });
  await page.keyboard.press('Control+z');
  await page.waitForFunction(() => document.querySelectorAll('.react-flow__edge').length === 1);
  await page.keyboard.press('Control+y');
  await page.waitForFunction(() => document.querySelectorAll('.react-flow__edge').length === 2);
  await page.getByTestId('valid').waitFor();
  await fits(page, 'editor');
  await shot(page, '02-editor');

  await page.getByRole('button', { name: 'Publish…' }).click();
  await page.getByLabel('Note (what changed)').fill('first version, built in the browser');
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  await page.getByText(/^Published version/).waitFor();
  seen.status = await page.getByTestId('status').textContent();

  await page.getByRole('button', { name: 'Run' }).click();
  await page.waitForURL(/\/instances\//);
  await page.getByTestId('instance-status').filter({ hasText: 'Finished' }).waitFor();
  await page.waitForFunction(() => document.querySelectorAll('.activity-node.state-done').length === 3);
  await page.waitForFunction(() => document.querySelectorAll('.react-flow__edge.taken').length === 2);
  seen.instanceStatus = await page.getByTestId('instance-status').textContent();
  seen.doneNodes = await page.locator('.activity-node.state-done').count();
  seen.takenEdges = await page.locator('.react-flow__edge.taken').count();
  seen.journalRows = await page.getByTestId('journal').locator('tbody tr').count();
  seen.instanceUrl = page.url();
  await fits(page, 'instance');
  await shot(page, '03-instance');
  await page.getByRole('link', { name: 'Instances', exact: true }).click();
  await page.getByRole('heading', { name: 'Instances' }).waitFor();
  await fits(page, 'instances');

  // A CSM works a task from the inbox: sign out, sign in as the person the task belongs to.
  await page.getByRole('link', { name: 'Users', exact: true }).click();
  await page.getByRole('heading', { name: 'Users' }).waitFor();
  await fits(page, 'users');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByLabel('User name').fill(process.env.E2E_CSM_USER ?? 'casey');
  await page.getByLabel('Password').fill(process.env.E2E_CSM_PASSWORD ?? '');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Workflows' }).waitFor();
  await page.getByRole('link', { name: 'Tasks', exact: true }).click();
  await page.waitForURL(/\/tasks$/);
  const taskButton = page.getByRole('button', { name: 'Kickoff call with Acme' });
  await taskButton.waitFor();
  seen.taskOverdueMarked = await page.locator('tr.overdue').filter({ has: taskButton }).count() === 1;

  // Focus order from the top of a fresh page: the navigation, the filters, then the tasks.
  await page.reload();
  await taskButton.waitFor();
  seen.inboxFocusOrder = [];
  // Up to the first task, however many navigation links come before it.
  for (let i = 0; i < 20 && seen.inboxFocusOrder.at(-1) !== 'button:Kickoff call with Acme'; i++) {
    await page.keyboard.press('Tab');
    seen.inboxFocusOrder.push(await focused(page));
  }
  await fits(page, 'tasks');
  await shot(page, '04-inbox');

  // Enter opens the task and puts focus on its title; Tab reaches the comment; Ctrl+Enter completes it.
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Kickoff call with Acme' }).waitFor();
  seen.taskPanelFocus = await focused(page);
  for (let i = 0; i < 10 && (await focused(page)) !== 'textarea:Comment'; i++) await page.keyboard.press('Tab');
  await page.keyboard.type('Kickoff held; success plan agreed');
  await shot(page, '05-task');
  await page.keyboard.press('Control+Enter');
  await page.getByRole('status').filter({ hasText: 'Completed' }).waitFor();
  await page.getByText('No tasks.').waitFor();

  await page.goto(`${base}/instances/${encodeURIComponent(process.env.E2E_TASK_INSTANCE ?? '')}`);
  await page.getByTestId('instance-status').filter({ hasText: 'Finished' }).waitFor();
  seen.taskInstanceStatus = await page.getByTestId('instance-status').textContent();
  await shot(page, '06-task-run-finished');

  // An SLA timer's timeline, drawn from its journal: one cycle, a pause, two warnings and the breach.
  await page.goto(`${base}/instances/${encodeURIComponent(process.env.E2E_SLA_INSTANCE ?? '')}`);
  await page.getByTestId('sla-cycle').first().waitFor();
  seen.sla = await page.evaluate(() => ({
    cycles: document.querySelectorAll('[data-testid="sla-cycle"]').length,
    paused: document.querySelectorAll('[data-kind="paused"]').length,
    warnings: document.querySelectorAll('[data-kind="warning"]').length,
    breached: document.querySelectorAll('[data-kind="breached"]').length,
  }));
  await page.getByTestId('sla').scrollIntoViewIfNeeded();
  await fits(page, 'sla-instance');
  await shot(page, '08-sla-timeline');

  await page.getByRole('link', { name: 'Dashboard', exact: true }).click();
  const byStatus = page.getByRole('list', { name: 'Tasks by status' });
  await byStatus.waitFor();
  seen.dashboardCompleted = (await byStatus.getByRole('listitem').nth(2).textContent())?.trim();
  await fits(page, 'dashboard');
  await shot(page, '07-dashboard');
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
