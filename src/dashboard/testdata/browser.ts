import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';

/** Debian's headless Chromium (`apt-get install chromium-headless-shell`, or `chromium`); TIDEWAY_CHROMIUM overrides. */
export function chromiumPath(): string | undefined {
  const candidates = [process.env.TIDEWAY_CHROMIUM, '/usr/bin/chromium-headless-shell', '/usr/bin/chromium'].filter(Boolean) as string[];
  return candidates.find((p) => existsSync(p));
}

/** Why browser tests cannot run here, or undefined. In CI a missing browser is a failure, not a skip. */
export function browserMissing(): string | undefined {
  if (chromiumPath()) return undefined;
  const why = 'no headless Chromium (apt-get install chromium-headless-shell), so the dashboard browser tests are skipped';
  if (process.env.CI) throw new Error(why);
  return why;
}

export const chromiumFlags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export async function launchBrowser(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: chromiumPath(), args: chromiumFlags, headless: true });
}

/** A page in a fresh context (own cookies). CSP is bypassed only so that axe-core can be injected. */
export async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
  return context.newPage();
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** Screenshots of each page, kept as test artifacts (git-ignored). */
export const ARTIFACTS_DIR = path.join(root, 'test-artifacts/dashboard');

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[] }>;
}

/** Runs axe-core in the page (injected from the npm package): the violations, serious and critical first. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected as a global
    const axe = (window as any).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v: AxeViolation) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target })),
    }));
  });
  return result as AxeViolation[];
}

/** Signs in through the form, as a person would. */
export async function signIn(page: Page, url: string, username: string, password: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}
