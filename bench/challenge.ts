/**
 * The independent challenge set scored per class (test/support/challenge.ts): prints the table of
 * BENCHMARKS.md's "independent challenge set", and with --misses every cell not read right.
 *   node -r @swc-node/register bench/challenge.ts [--misses] [class-prefix]
 */
import {
  challengeFiles,
  challengeTable,
  readChallenge,
  type ChallengeScore,
} from '../test/support/challenge';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const only = args.find((a) => !a.startsWith('--'));
  const scores: ChallengeScore[] = [];
  for (const f of challengeFiles().filter((x) => !only || x.startsWith(only)))
    scores.push(await readChallenge(f));
  if (args.includes('--misses')) {
    for (const s of scores) for (const m of s.misses) console.log(`${s.file}: ${m}`);
  }
  console.log(challengeTable(scores));
}

void main();
