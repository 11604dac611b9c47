/**
 * Accessibility checks for browser tests: axe-core run inside a page or frame, answering with the
 * violations that block people (impact serious or critical, and the landmark rules), one readable
 * line per element, so a failing `toEqual([])` says which rule, where, and how to fix it.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { AxeResults, ImpactValue, RunOptions } from "axe-core";
import type { Frame, Page } from "playwright-core";

const require = createRequire(import.meta.url);
/** axe-core's browser build, read once; it defines `window.axe` where it is evaluated. */
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
/** Impacts that fail a test (issue 15: no serious or critical violation). */
const BLOCKING_IMPACTS: readonly ImpactValue[] = ["serious", "critical"];
/**
 * Rules that fail a test whatever their impact (axe rates them moderate): issue 15 also asks for
 * landmarks, so screen-reader users can jump to the conversation — one main, all content inside a
 * landmark, and landmarks told apart by their names.
 */
const LANDMARK_RULES: readonly string[] = ["landmark-one-main", "region", "landmark-unique"];

/** A violation as it crosses from the browser: only the fields a message needs. */
type Finding = { id: string; impact: ImpactValue | null; help: string; nodes: { target: string; summary: string }[] };

/**
 * The blocking axe violations in `target`'s document (serious, critical, or a landmark rule), each
 * element as "rule (impact) at selector: help — what axe found".
 * Runs in that document only: the chat panel is a cross-site iframe, so pass its Frame, not the host page.
 */
export async function blockingViolations(target: Page | Frame): Promise<string[]> {
  // Evaluated over the DevTools protocol: the pages' CSP (script-src 'self') refuses an injected <script>, not this.
  if (!(await target.evaluate(() => "axe" in window))) await target.evaluate(AXE_SOURCE);
  const options: RunOptions = { resultTypes: ["violations"], iframes: false };
  const findings = await target.evaluate(
    async ([runOptions, impacts, rules]) => {
      const { axe } = window as unknown as {
        axe: { run: (context: Document, options: RunOptions) => Promise<AxeResults> };
      };
      const results = await axe.run(document, runOptions);
      return results.violations
        .filter(
          (violation) =>
            rules.includes(violation.id) || (violation.impact != null && impacts.includes(violation.impact)),
        )
        .map(
          (violation): Finding => ({
            id: violation.id,
            impact: violation.impact ?? null,
            help: violation.help,
            nodes: violation.nodes.map((node) => ({
              target: node.target
                .map((selector) => (Array.isArray(selector) ? selector.join(" >>> ") : selector))
                .join(" "),
              summary: (node.failureSummary ?? "").replace(/\s+/g, " ").trim(),
            })),
          }),
        );
    },
    [options, BLOCKING_IMPACTS, LANDMARK_RULES] as const,
  );
  return findings.flatMap((finding) =>
    finding.nodes.map(
      (node) => `${finding.id} (${finding.impact}) at ${node.target}: ${finding.help} — ${node.summary}`,
    ),
  );
}
