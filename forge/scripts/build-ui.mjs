// Builds the Custom UI resources of manifest.yml: for each page, static/<page>/build/ holds one minified
// script (its src/index.js with @forge/bridge bundled in) beside the shared index.html and stylesheet.
// Prints one line per page with the size of its build.
import { copyFile, mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const STATIC = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'static');
const PAGES = ['issue-context', 'admin-page'];

async function buildPage(page) {
  const source = path.join(STATIC, page);
  const out = path.join(source, 'build');
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  await build({
    entryPoints: [path.join(source, 'src', 'index.js')],
    outfile: path.join(out, 'index.js'),
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2020',
    legalComments: 'none',
    logLevel: 'warning',
  });
  for (const file of ['index.html', 'page.css']) await copyFile(path.join(STATIC, 'shared', file), path.join(out, file));
  let bytes = 0;
  for (const file of await readdir(out)) bytes += (await stat(path.join(out, file))).size;
  console.log(`${page}: ${bytes} bytes in static/${page}/build`);
}

for (const page of PAGES) await buildPage(page);
