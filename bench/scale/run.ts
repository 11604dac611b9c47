/**
 * Runs the scale measurements on their own and prints their JSON (the pieces `npm run bench` puts in
 * bench/results/latest.json): concurrency, steady, growth, index, worker_bundle, cold_start.
 * Progress goes to stderr (each measurement's figures as soon as it ends), the JSON to stdout.
 *
 *   npx tsx bench/scale/run.ts [--only concurrency,steady] [--sizes 100,500] [--rate 50 --seconds 30 --conversations 1000]
 *   npx tsx bench/scale/run.ts --only steady --trace     # also where the slowest 1% of steady turns spent their time
 */
import { parseArgs } from "node:util";
import { CONCURRENCY_SIZES, concurrency } from "./concurrency.ts";
import { coldStart } from "./cold-start.ts";
import { growth } from "./growth.ts";
import { indexSizes } from "./index-sizes.ts";
import { STEADY_DEFAULTS, steady } from "./steady.ts";
import { workerBundle } from "./worker-bundle.ts";

const { values } = parseArgs({
  options: {
    only: { type: "string" },
    sizes: { type: "string" },
    rate: { type: "string" },
    seconds: { type: "string" },
    conversations: { type: "string" },
    trace: { type: "boolean" },
  },
});

const numbers = (text: string | undefined, fallback: readonly number[]) =>
  text ? text.split(",").map((n) => Number(n)) : fallback;
for (const [name, text] of Object.entries(values))
  if (name !== "only" && typeof text === "string" && numbers(text, []).some((n) => !Number.isFinite(n) || n <= 0))
    throw new Error(`--${name} takes positive numbers (comma-separated for --sizes), not "${text}"`);

const MEASUREMENTS: Record<string, () => Promise<unknown>> = {
  worker_bundle: () => workerBundle(),
  cold_start: () => coldStart(),
  concurrency: () => concurrency(numbers(values.sizes, CONCURRENCY_SIZES)),
  steady: () =>
    steady({
      rate: Number(values.rate ?? STEADY_DEFAULTS.rate),
      seconds: Number(values.seconds ?? STEADY_DEFAULTS.seconds),
      conversations: Number(values.conversations ?? STEADY_DEFAULTS.conversations),
      trace: values.trace === true,
    }),
  growth: () => growth(),
  index: () => indexSizes(),
};

const chosen = values.only ? values.only.split(",") : Object.keys(MEASUREMENTS);
const unknown = chosen.filter((name) => !(name in MEASUREMENTS));
if (unknown.length > 0)
  throw new Error(`unknown measurement ${unknown.join(", ")}; known: ${Object.keys(MEASUREMENTS).join(", ")}`);

const results: Record<string, unknown> = {};
let failed = false;
for (const name of chosen) {
  const begun = performance.now();
  process.stderr.write(`scale: ${name}…\n`);
  try {
    results[name] = await MEASUREMENTS[name]!();
  } catch (error) {
    failed = true;
    results[name] = { error: String(error instanceof Error ? error.message : error) };
  }
  const seconds = ((performance.now() - begun) / 1000).toFixed(0);
  process.stderr.write(`scale: ${name} done in ${seconds} s: ${JSON.stringify(results[name])}\n`);
}
console.log(JSON.stringify(results, null, 2));
process.exit(failed ? 1 : 0);
