/**
 * Configuration variables share one prefix, GONGKAI_. The names they had before are still read,
 * each with a deprecation notice naming the new one; when both are set, the new name wins.
 * NODE_ENV (Node's), CI (CI services') and APOLLO_TELEMETRY_DISABLED (Apollo's) belong to the
 * tools that define them and keep their names; so does CHROMIUM_PATH, which the synthetic
 * corpus' PDF renderer reads as well.
 */

/** Old name → new name. */
export const RENAMED_VARIABLES: Readonly<Record<string, string>> = {
  PORT: 'GONGKAI_PORT',
  DATABASE_URL: 'GONGKAI_DATABASE_URL',
  DATABASE_SCHEMA: 'GONGKAI_DATABASE_SCHEMA',
  DATABASE_READ_URLS: 'GONGKAI_DATABASE_READ_URLS',
  EMBEDDED_PG_PORT: 'GONGKAI_EMBEDDED_PG_PORT',
  MAX_PAGE_SIZE: 'GONGKAI_MAX_PAGE_SIZE',
  MAX_QUERY_DEPTH: 'GONGKAI_MAX_QUERY_DEPTH',
  CORS_ORIGINS: 'GONGKAI_CORS_ORIGINS',
  // read by the test runner only
  TEST_DATABASE_URL: 'GONGKAI_TEST_DATABASE_URL',
};

/** The old names loadConfig reads (the test runner's are its own business). */
export const CONFIG_RENAMES = Object.keys(RENAMED_VARIABLES).filter((old) => old !== 'TEST_DATABASE_URL');

export interface Environment {
  /** The variables under their GONGKAI_ names (an old name's value when only it is set). */
  env: NodeJS.ProcessEnv;
  /** One line per old name that is set. */
  notices: string[];
}

/** The environment as Gongkai reads it: each old name's value (of `olds`) under its new name. */
export function currentNames(
  env: NodeJS.ProcessEnv,
  olds: readonly string[] = Object.keys(RENAMED_VARIABLES),
): Environment {
  const out: NodeJS.ProcessEnv = { ...env };
  const notices: string[] = [];
  for (const old of olds) {
    const name = RENAMED_VARIABLES[old]!;
    const value = env[old];
    if (value === undefined) continue;
    const both = env[name] !== undefined;
    notices.push(
      both
        ? `${old} is deprecated and ignored: ${name} is set too, and wins; unset ${old}`
        : `${old} is deprecated: set ${name} instead (the old name still works, for now)`,
    );
    if (!both) out[name] = value;
  }
  return { env: out, notices };
}

const told = new Set<string>();

/** Print each notice once per process, on stderr (never on stdout, which may be a CSV). */
export function announce(notices: readonly string[]): void {
  for (const n of notices) {
    if (told.has(n)) continue;
    told.add(n);
    process.stderr.write(`gongkai: ${n}\n`);
  }
}

/**
 * process.env under the current names and without the old ones, its notices printed once: for
 * the test runner, which reads variables of its own and hands the result to its children.
 */
export function processEnv(): NodeJS.ProcessEnv {
  const { env, notices } = currentNames(process.env);
  announce(notices);
  for (const old of Object.keys(RENAMED_VARIABLES)) delete env[old];
  return env;
}
