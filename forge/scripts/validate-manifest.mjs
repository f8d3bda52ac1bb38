// Validates a Forge manifest offline with Atlassian's own validator (@forge/manifest, the check that
// `forge deploy` runs first), so a broken manifest fails `make test` instead of a release.
//
// Usage: node scripts/validate-manifest.mjs path/to/manifest.yml
// Prints one JSON object: {"success", "errors": [{"level", "message", "line"}], "manifest"}, where
// "manifest" is the manifest as Forge reads it (variables of `environment.variables` filled in from
// the process environment or their defaults). Exits 0 when the manifest is valid, 1 when it is not.
import path from 'node:path';
import { validate } from '@forge/manifest';

const file = process.argv[2];
if (!file) {
  console.error('usage: node scripts/validate-manifest.mjs path/to/manifest.yml');
  process.exit(2);
}
// The validator resolves `resources[].path` against the working directory: make it the manifest's own.
process.chdir(path.dirname(path.resolve(file)));
const result = await validate(false, path.basename(file));
const errors = (result.errors ?? []).map(({ level, message, line }) => ({ level, message, line }));
console.log(JSON.stringify({ success: result.success, errors, manifest: result.manifestObject?.yamlContent ?? null }));
process.exit(result.success ? 0 : 1);
