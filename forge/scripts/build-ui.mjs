// Builds the Custom UI resources of manifest.yml: for each page, static/<page>/build/ holds one minified
// script (its src/index.js with @forge/bridge bundled in) beside the shared index.html and stylesheet.
// Prints one line per page with the size of its build.
import { copyFile, mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const STATIC = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'static');
const PAGES = ['issue-context', 'admin-page'];
// Each page looks like its Connect twin, so it takes that page's stylesheet too, after the shared one: the
// admin page draws with the Connect admin page's view (static/jira/admin-view.js, bundled from its
// src/index.js), the issue panel with the Connect panel's classes (templates/jira/panel.html).
const JIRA_STATIC = path.join(STATIC, '..', '..', 'static', 'jira');
const PAGE_STYLES = {
  'issue-context': [path.join(JIRA_STATIC, 'panel.css')], // drawn like the Connect deploy panel
  'admin-page': [path.join(JIRA_STATIC, 'admin.css')],
};

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
  await copyFile(path.join(STATIC, 'shared', 'index.html'), path.join(out, 'index.html'));
  const styles = [path.join(STATIC, 'shared', 'page.css'), ...(PAGE_STYLES[page] ?? [])];
  await writeFile(path.join(out, 'page.css'), (await Promise.all(styles.map((file) => readFile(file, 'utf8')))).join('\n'));
  let bytes = 0;
  for (const file of await readdir(out)) bytes += (await stat(path.join(out, file))).size;
  console.log(`${page}: ${bytes} bytes in static/${page}/build`);
}

for (const page of PAGES) await buildPage(page);
