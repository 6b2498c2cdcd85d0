import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults, ImpactValue, Result } from 'axe-core';
import type { Page } from 'playwright-core';

/**
 * axe-core in a real page. The pages' CSP allows no inline script, so a `<script>` tag with axe's source
 * would be refused; `page.evaluate` runs the source through the DevTools protocol in the page's main world,
 * which CSP does not govern, so the page is checked under the very policy it ships with.
 */

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** WCAG 2.0, 2.1 and 2.2, levels A and AA. */
export const WCAG_AA_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** What fails a page: a serious or critical violation blocks people; minor and moderate ones are reported. */
const BLOCKING: ImpactValue[] = ['serious', 'critical'];

export interface Violation {
  rule: string;
  impact: ImpactValue | undefined;
  help: string;
  /** One CSS selector per offending element (a list when it sits in a shadow tree or a frame). */
  targets: string[];
  /** Why axe judged the first element so (the contrast ratio and colours, the missing name). */
  why: string;
}

async function injectAxe(page: Page): Promise<void> {
  const present = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === 'object');
  if (!present) await page.evaluate(AXE_SOURCE);
}

function violationOf(result: Result): Violation {
  const first = result.nodes[0];
  return {
    rule: result.id,
    impact: result.impact,
    help: result.help,
    targets: result.nodes.map((node) => node.target.map(String).join(' ')),
    why: (first?.failureSummary ?? '').replace(/\s+/g, ' ').trim(),
  };
}

/** The WCAG A and AA violations of the page as it is now, of every impact. */
export async function axeViolations(page: Page): Promise<Violation[]> {
  await injectAxe(page);
  const results = await page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<AxeResults> } }).axe;
    const { violations } = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return violations;
  }, WCAG_AA_TAGS);
  return results.map(violationOf);
}

/** One line per violation: rule, impact, help, the elements. */
export function describeViolations(violations: Violation[]): string {
  return violations
    .map((violation) => `  ${violation.rule} (${violation.impact}): ${violation.help}\n    ${violation.targets.join('\n    ')}\n    ${violation.why}`)
    .join('\n');
}

/**
 * Fails when the page, as it is now, has a serious or critical WCAG 2.2 AA violation; `context` names the
 * page and its state in the message. Resolves with every violation, blocking or not.
 */
export async function expectAccessible(page: Page, context: string): Promise<Violation[]> {
  const violations = await axeViolations(page);
  const blocking = violations.filter((violation) => BLOCKING.includes(violation.impact ?? null));
  if (blocking.length > 0) {
    throw new Error(`${context} (${page.url()}) has ${blocking.length} serious or critical WCAG 2.2 AA violations:\n${describeViolations(blocking)}`);
  }
  return violations;
}
