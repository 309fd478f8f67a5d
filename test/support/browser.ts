/**
 * Where the browser test finds Chromium, and what `npm test` does without one: on a developer's
 * bare machine the test is skipped with a loud notice (the rest of the suite still says
 * something); on CI (`CI` set, as `.ci/run` and CI services do) it is required, so that a CI
 * without Chromium fails instead of passing with the browser test unseen.
 */
import fs from 'node:fs';

/** Debian's Chromium (`apt-get install chromium`), which `.ci/run` installs. */
export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

export type BrowserPlan =
  | { action: 'run'; executablePath: string }
  /** `notice` is the line to print; `reason` the same for the test runner's `# SKIP`. */
  | { action: 'skip'; notice: string; reason: string }
  | { action: 'fail'; notice: string };

/** CI as CI services set it: `CI=true` (or any value but empty, `0` and `false`). */
export function isCi(env: NodeJS.ProcessEnv): boolean {
  const ci = env.CI?.trim().toLowerCase();
  return ci != null && ci !== '' && ci !== '0' && ci !== 'false';
}

/** Run, skip or fail the browser test, given the environment and which files are executables. */
export function planBrowserTest(
  env: NodeJS.ProcessEnv,
  isExecutable: (file: string) => boolean,
): BrowserPlan {
  const executablePath = env.CHROMIUM_PATH?.trim() || DEBIAN_CHROMIUM;
  if (isExecutable(executablePath)) return { action: 'run', executablePath };
  const how = 'apt-get install chromium (or set CHROMIUM_PATH)';
  if (isCi(env)) {
    return {
      action: 'fail',
      notice: `browser test: no Chromium at ${executablePath}, and CI=${env.CI} requires it; ${how}`,
    };
  }
  const reason = `browser test: no Chromium at ${executablePath}; ${how} (required when CI=true)`;
  return { action: 'skip', notice: `# SKIPPED ${reason}`, reason };
}

function executable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The plan for this process: its environment and this machine's files. */
export const browserTestPlan = (env: NodeJS.ProcessEnv = process.env): BrowserPlan =>
  planBrowserTest(env, executable);
