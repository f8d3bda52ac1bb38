// Runs Atlassian's Forge linter (@forge/lint, what `forge lint` runs) on a manifest and the app's function
// files, offline: every client-side linter but PermissionLinter, which downloads the REST API's scope
// definitions from Atlassian on bootstrap (it checks that each requestJira call has its scope).
//
// Usage: node scripts/lint.mjs [folder]  (the app's folder, holding manifest.yml and src/; default: here)
// The linter reads manifest.yml itself, so it lints the release that `forge deploy` would ship.
// Prints one JSON object: {"skipped": [linter names], "problems": [{"file", "line", "level", "message", "rule"}]}.
// Exits 0 when there is no error (warnings included in the output), 1 otherwise.
import path from 'node:path';
import { getClientSideLintersOnly, lint } from '@forge/lint';
import { validate } from '@forge/manifest';

const NEEDS_NETWORK = new Set(['PermissionLinter']);
process.chdir(path.resolve(process.argv[2] ?? '.'));
const validated = await validate(false, 'manifest.yml');
if (!validated.manifestObject) {
  const unreadable = { file: 'manifest.yml', line: 0, level: 'error', message: 'unreadable manifest', rule: '' };
  console.log(JSON.stringify({ skipped: [], problems: [unreadable] }));
  process.exit(1);
}
const manifest = validated.manifestObject.typedContent;
const quiet = { info() {}, warn() {}, error() {}, debug() {}, trace() {} };
const flags = { getDeprecatedRuntimes: async () => [], checkGate: async () => false }; // no Atlassian feature flags offline
const linters = await getClientSideLintersOnly(manifest, 'production', quiet, flags);
const offline = linters.filter((linter) => !NEEDS_NETWORK.has(linter.constructor.name));
const handlers = (manifest.modules?.function ?? []).map(({ handler }) => `src/${handler.split('.')[0]}.js`);
const results = await lint(handlers, manifest, 'production', quiet, flags,
  { linter: { mode: 'client-side' }, linters: offline });
const problems = results.flatMap((result) => [
  ...result.errors.map((problem) => ({ level: 'error', ...problem })),
  ...result.warnings.map((problem) => ({ level: 'warning', ...problem })),
].map(({ level, line, message, reference }) => ({ file: path.relative(process.cwd(), result.file), line, level, message, rule: reference })));
console.log(JSON.stringify({ skipped: [...NEEDS_NETWORK], problems }));
process.exit(problems.some((problem) => problem.level === 'error') ? 1 : 0);
