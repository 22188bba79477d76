// The HTML is valid: the Nu HTML Checker (npm package vnu-jar, run with the
// machine's Java: java -jar vnu.jar --format json --errors-only FILES) on one
// built page per template, in both languages where the template has both:
//   home        index.html, en/index.html
//   section     the first section of nav.site-nav
//   article     the first article of that section
//   tag list    chu-de/index.html, en/topics/index.html
//   term        the first term of the tag list
//   404         404.html, en/404.html
//   redirect    the first .html file with <meta http-equiv="refresh"> (an
//               alias redirect), if the site has one (skipped otherwise)
// Pages are found as in the other tests (lib/site.mjs). Each error is listed
// with file, line:column, message and the extract. HUONG_JAVA (default
// `java`) is the Java binary; run.sh installs Debian's default-jre-headless
// when `java` is missing.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './lib/server.mjs';
import { launch, newContext } from './lib/browser.mjs';
import { auditTargets, publicDir } from './lib/site.mjs';

const require = createRequire(import.meta.url);
const VNU_JAR = path.join(path.dirname(require.resolve('vnu-jar/package.json')), 'build', 'dist', 'vnu.jar');
const JAVA = process.env.HUONG_JAVA || 'java';

let root;
let server;
let browser;

before(async () => {
  root = fs.realpathSync(publicDir());
  server = await startServer(root);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** The site file a local URL is served from (directory URLs: index.html). */
function fileOf(url) {
  let rel = decodeURIComponent(new URL(url).pathname).replace(/^\/+/, '');
  if (rel === '' || rel.endsWith('/')) rel += 'index.html';
  return rel;
}

/** Relative paths (sorted) of the .html files under `dir` that contain a meta refresh. */
function redirectPages(dir) {
  const out = [];
  const walk = (rel) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
      else if (e.isFile() && /\.html?$/i.test(e.name) && /http-equiv\s*=\s*["']?refresh\b/i.test(fs.readFileSync(path.join(dir, r), 'utf8'))) out.push(r);
    }
  };
  walk('');
  return out.sort();
}

/** Run the checker once on `files` (absolute paths); resolves to its parsed JSON. */
function runVnu(files) {
  return new Promise((resolve, reject) => {
    execFile(
      JAVA,
      ['-jar', VNU_JAR, '--format', 'json', '--errors-only', ...files],
      { maxBuffer: 64 * 1024 * 1024, timeout: 300_000 },
      (error, stdout, stderr) => {
        // vnu exits 1 when it reports errors; its JSON report is on stderr (stdout with --stdout).
        for (const text of [stderr, stdout]) {
          const start = text.indexOf('{"');
          if (start < 0) continue;
          try {
            return resolve(JSON.parse(text.slice(start)));
          } catch {
            /* not the report */
          }
        }
        if (error && error.code === 'ENOENT') return reject(new Error(`${JAVA} not found: install a Java runtime (run.sh installs Debian's default-jre-headless) or set HUONG_JAVA`));
        reject(new Error(`${JAVA} -jar ${VNU_JAR} gave no JSON report (${error ? error.message : 'exit 0'}):\n${stderr}\n${stdout}`));
      },
    );
  });
}

test('vnu: one built page per template is valid HTML (Nu HTML Checker, errors only)', { timeout: 600_000 }, async (t) => {
  assert.ok(fs.existsSync(VNU_JAR), `${VNU_JAR} is missing (npm ci in tests/browser)`);

  // [template, relative file] to validate.
  const context = await newContext(browser, { localOrigin: server.origin });
  let found;
  try {
    found = await auditTargets(await context.newPage(), server.origin);
  } finally {
    await context.close();
  }
  const selected = [];
  for (const target of found.targets) {
    const file = target.kind === '404' ? (target.lang === 'vi' ? '404.html' : `${target.lang}/404.html`) : fileOf(target.url);
    selected.push([`${target.lang} ${target.kind}`, file]);
  }
  const redirects = redirectPages(root);
  if (redirects.length) selected.push(['alias redirect', redirects[0]]);

  await t.test('vnu: every page to validate was found', () => {
    if (found.problems.length) assert.fail(found.problems.join('\n'));
    const missing = selected.filter(([, f]) => !fs.existsSync(path.join(root, f)));
    if (missing.length) assert.fail(`not in ${root}: ${missing.map(([k, f]) => `${f} (${k})`).join(', ')}`);
  });

  const files = selected.filter(([, f]) => fs.existsSync(path.join(root, f)));
  const report = await runVnu(files.map(([, f]) => path.join(root, f)));
  const byFile = new Map(files.map(([, f]) => [path.join(root, f), []]));
  const elsewhere = [];
  for (const m of report.messages || []) {
    let file = null;
    try {
      file = m.url ? fileURLToPath(m.url) : null;
    } catch {
      /* not a file: URL */
    }
    if (file && byFile.has(file) && m.type !== 'info') byFile.get(file).push(m);
    else if (m.type !== 'info') elsewhere.push(m);
  }
  const describe = (rel, m) =>
    `${rel}:${m.lastLine ?? m.firstLine ?? '?'}:${m.firstColumn ?? '?'}: ${m.type}${m.subType ? `/${m.subType}` : ''}: ${m.message}` +
    (m.extract ? `\n      extract: ${JSON.stringify(m.extract)}` : '');

  await t.test('vnu: the checker ran on the files', () => {
    if (elsewhere.length) assert.fail(`messages not tied to a selected file:\n  ${elsewhere.map((m) => describe(m.url || '(no file)', m)).join('\n  ')}`);
  });

  for (const [kind, rel] of files) {
    await t.test(`vnu ${kind}: ${rel}`, () => {
      const messages = byFile.get(path.join(root, rel));
      if (messages.length) assert.fail(`${messages.length} HTML error(s) in ${rel}:\n  ${messages.map((m) => describe(rel, m)).join('\n  ')}`);
    });
  }
  if (!redirects.length) {
    await t.test('vnu alias redirect', { skip: 'no .html file with <meta http-equiv="refresh"> in the site' }, () => {});
  }
  console.log(`vnu ${report.version}: ${files.length} file(s) checked`);
});
