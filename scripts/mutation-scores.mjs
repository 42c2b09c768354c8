// Prints the mutation score of each mutated file from Stryker's JSON report, and fails when one is below the target.
import { readFileSync } from 'node:fs';

/** The lowest mutation score a file may have, in percent (equivalent and unreachable mutants are excluded by `Stryker disable` comments). */
export const TARGET = 90;

const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);

/**
 * The score of one file's mutants, as Stryker counts it: detected (killed or timed out) over detected
 * plus undetected (survived or not covered); ignored mutants and those that did not compile count in neither.
 * @param {ReadonlyArray<{ status: string }>} mutants
 */
export function scoreOf(mutants) {
  const count = (statuses) => mutants.filter((m) => statuses.has(m.status)).length;
  const detected = count(DETECTED);
  const undetected = count(UNDETECTED);
  const ignored = mutants.filter((m) => m.status === 'Ignored').length;
  const score = detected + undetected === 0 ? 100 : (100 * detected) / (detected + undetected);
  return { detected, undetected, ignored, score };
}

/** `path:line:column mutator -> replacement` of one mutant, for the list of those that survived. */
function describeMutant(file, m) {
  const at = `${file}:${m.location.start.line}:${m.location.start.column}`;
  return `  ${m.status.padEnd(10)} ${at} ${m.mutatorName}${m.replacement === undefined ? '' : ` -> ${JSON.stringify(m.replacement)}`}`;
}

function main(reportPath) {
  const report = JSON.parse(readFileSync(reportPath, 'utf8'));
  const files = Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b));
  if (files.length === 0) throw new Error(`${reportPath}: no mutated file`);
  const width = Math.max(...files.map(([file]) => file.length));
  console.log(`${'file'.padEnd(width)}  detected  undetected  ignored   score`);
  const failing = [];
  for (const [file, { mutants }] of files) {
    const { detected, undetected, ignored, score } = scoreOf(mutants);
    const mark = score < TARGET ? `  < ${TARGET}%` : '';
    console.log(`${file.padEnd(width)}  ${String(detected).padStart(8)}  ${String(undetected).padStart(10)}  ${String(ignored).padStart(7)}  ${score.toFixed(1).padStart(5)}%${mark}`);
    if (score < TARGET) failing.push([file, mutants]);
  }
  for (const [file, mutants] of failing) {
    console.log(`\n${file}: the mutants no test detected`);
    for (const m of mutants.filter((x) => UNDETECTED.has(x.status))) console.log(describeMutant(file, m));
  }
  if (failing.length !== 0) {
    console.log(`\n${failing.length} of ${files.length} files below the ${TARGET}% target`);
    process.exitCode = 1;
  } else {
    console.log(`\nevery file at or above the ${TARGET}% target`);
  }
}

main(process.argv[2] ?? 'reports/mutation/mutation.json');
