#!/usr/bin/env node
// Edit-to-reload benchmark of `huong serve` (see "Live reload" in bench/README.md),
// and of `hugo server` on the same corpus for comparison.
//
//   node bench/reload.mjs [options] SITE_ROOT...
//   node bench/reload.mjs . bench/target/corpus-5000/huong bench/target/corpus-5000/hugo
//
// A SITE_ROOT with site.toml is served by huong; one with config.toml (the Hugo
// twin that bench/gen_corpus.py writes) by `hugo server` ($HUGO_BIN, else hugo,
// in its default fast-render mode). For each SITE_ROOT: copies the site's files
// into a temporary folder (the given site is never written to), starts the
// server on the copy, opens one article in headless Chromium, then RUNS times
// appends a unique marker line to the article's .md file and times the way
// from the write to the reloaded page showing the marker. Prints every run,
// the medians, the server's own rebuild lines, and a Markdown table at the end.
//
// Options:
//   --runs N        edits per site (default 5)
//   --page PATH     the article, relative to the site root (default: the first
//                   non-index .md of the default language under content/, in
//                   path order)
//   --url PATH      its URL path (default: /SECTION/.../STEM/ from --page)
//   --timeout S     seconds to wait for one reload (default 120)
//   --keep          keep the temporary copy (its path is printed)
//
// Binary: $HUONG_BIN, else target/release/huong (else target/debug/huong, with
// a warning: debug timings mean little). Needs tests/browser/node_modules
// (playwright-core; `bash tests/browser/run.sh` installs it) and Chromium
// ($HUONG_CHROMIUM, default /usr/bin/chromium).

import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launch, newContext, watch } from '../tests/browser/lib/browser.mjs';
import net from 'node:net';
import { huongBin, startServe, startWatchedServer, recordLiveReload, pollPage, waitForLiveConnection, documentTiming } from '../tests/browser/lib/serve.mjs';

function usage(message) {
  if (message) console.error(`reload.mjs: ${message}`);
  console.error('usage: node bench/reload.mjs [--runs N] [--page PATH --url /PATH/] [--timeout S] [--keep] SITE_ROOT...');
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { runs: 5, page: null, url: null, timeout: 120, keep: false, roots: [] };
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      i += 1;
      return argv[i];
    };
    if (a === '--runs') opts.runs = Number(value());
    else if (a === '--page') opts.page = value();
    else if (a === '--url') opts.url = value();
    else if (a === '--timeout') opts.timeout = Number(value());
    else if (a === '--keep') opts.keep = true;
    else if (a === '-h' || a === '--help') usage();
    else if (a.startsWith('-')) usage(`unknown option ${a}`);
    else opts.roots.push(a);
  }
  if (!opts.roots.length) usage('no SITE_ROOT');
  if (!(opts.runs >= 1)) usage('--runs must be at least 1');
  return opts;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const now = () => performance.timeOrigin + performance.now(); // epoch ms, comparable with the page's clock
const sha256 = (file) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

function median(values) {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return NaN;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}
const fmt = (ms) => (Number.isFinite(ms) ? String(Math.round(ms)) : 'n/a');

const readIn = (root, name) => fs.readFileSync(path.join(root, name), 'utf8');

/** A free TCP port on loopback (for `hugo server`, which takes no port 0). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * What the benchmark needs to know of each generator: which files make a site,
 * its default language, how to start its development server, what it prints,
 * and when a page's live-reload connection is ready for the next edit.
 */
const HUONG = {
  name: 'huong serve',
  config: 'site.toml',
  copied: ['site.toml', 'content', 'locales', 'themes', 'static'],
  defaultLanguage: (root) => /^\s*default_language\s*=\s*"([^"]+)"/m.exec(readIn(root, 'site.toml'))?.[1],
  start: (site) => startServe(site, { timeout: 600_000 }),
  initialBuild: /^built in \d+ ms/,
  /** Installs the watch before the page loads; returns a function that waits for the connection. */
  watchLive: async (tab) => {
    await recordLiveReload(tab);
    return () => waitForLiveConnection(tab, { timeout: 30_000 });
  },
};

const HUGO = {
  name: 'hugo server',
  config: 'config.toml',
  copied: ['config.toml', 'content', 'layouts', 'static', 'i18n'],
  defaultLanguage: (root) => /^\s*defaultContentLanguage\s*=\s*"([^"]+)"/m.exec(readIn(root, 'config.toml'))?.[1],
  start: async (site) => {
    const port = await freePort();
    return startWatchedServer({
      bin: process.env.HUGO_BIN || 'hugo',
      args: ['server', '--source', site, '--bind', '127.0.0.1', '--port', String(port), '--baseURL', 'http://127.0.0.1/'],
      timeout: 600_000,
      listening: /Web Server is available at (http:\/\/[^/\s]+)\//,
      rebuild: (line) => {
        const m = /^Total in (\d+) ms$/.exec(line.trim());
        return m && { ok: true, path: '', ms: Number(m[1]) };
      },
    });
  },
  initialBuild: /^Built in \d+ ms/,
  /** Hugo's live reload is a WebSocket whose server says hello once connected. */
  watchLive: async (tab) => {
    const live = { hellos: 0 };
    tab.on('framenavigated', (frame) => {
      if (frame === tab.mainFrame()) live.hellos = 0;
    });
    tab.on('websocket', (socket) =>
      socket.on('framereceived', ({ payload }) => {
        if (/"command"\s*:\s*"hello"/.test(String(payload))) live.hellos += 1;
      }),
    );
    return async () => {
      const deadline = Date.now() + 30_000;
      while (live.hellos === 0) {
        if (Date.now() > deadline) throw new Error('the page opened no Hugo live-reload connection within 30 s');
        await sleep(10);
      }
    };
  },
};

/** The generator a site root is for: huong (`site.toml`) or Hugo (`config.toml`). */
function toolOf(root) {
  const tool = [HUONG, HUGO].find((t) => fs.existsSync(path.join(root, t.config)));
  if (!tool) throw new Error(`${root} has neither site.toml (huong) nor config.toml (Hugo): not a site root`);
  return tool;
}

/** The first non-index page of the default language under content/, in path order. */
function pickArticle(root, lang) {
  const found = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (found.length) return;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(`.${lang}.md`) && !/^_?index\./.test(entry.name) && path.dirname(full) !== path.join(root, 'content')) found.push(full);
    }
  };
  walk(path.join(root, 'content'));
  if (!found.length) throw new Error(`no *.${lang}.md article under ${root}/content; pass --page and --url`);
  return path.relative(root, found[0]);
}

/** content/SECTION/STEM.LANG.md → /SECTION/STEM/ (pages of the default language live at the root). */
function guessUrl(page) {
  const rel = path.relative('content', page).split(path.sep);
  const stem = rel.pop().replace(/\.[^.]+\.md$/, '').replace(/\.md$/, '');
  return `/${[...rel, stem].join('/')}/`;
}

function copySite(root, into, tool) {
  const copied = [];
  for (const name of tool.copied) {
    const from = path.join(root, name);
    if (!fs.existsSync(from)) continue;
    fs.cpSync(from, path.join(into, name), { recursive: true });
    copied.push(name);
  }
  return copied;
}

/** The peak resident set size of a process (VmHWM), in MiB, or null. */
function peakRssMiB(pid) {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : null;
  } catch {
    return null;
  }
}

async function benchSite(rootArg, opts, browser) {
  const root = path.resolve(rootArg);
  const tool = toolOf(root);
  const lang = tool.defaultLanguage(root);
  const page = opts.page ?? pickArticle(root, lang ?? 'vi');
  const url = opts.url ?? guessUrl(page);
  const originalFile = path.join(root, page);
  if (!fs.existsSync(originalFile)) throw new Error(`${originalFile} does not exist`);
  const originalHash = sha256(originalFile);

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'huong-reload-bench-'));
  const site = path.join(tmp, 'site');
  fs.mkdirSync(site);
  let t = now();
  const copied = copySite(root, site, tool);
  const copyMs = now() - t;
  const file = path.join(site, page);
  const pristine = fs.readFileSync(file); // restored before the server stops
  const pages = { md: 0 };
  const countMd = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) countMd(path.join(dir, e.name));
      else if (e.name.endsWith('.md')) pages.md += 1;
    }
  };
  countMd(path.join(site, 'content'));
  console.log(`\n## ${root}\ncopied ${copied.join(', ')} (${pages.md} .md files) to ${site} in ${fmt(copyMs)} ms; article ${page} at ${url}`);

  const result = { root, tool: tool.name, page, url, runs: [], serverLines: [], problems: [] };
  let serve;
  let context;
  try {
    t = now();
    serve = await tool.start(site);
    result.startMs = now() - t;
    const built = serve.lines.find((l) => tool.initialBuild.test(l));
    result.initialBuild = built ?? `(no line matching ${tool.initialBuild})`;
    console.log(`${tool.name} (${serve.bin}): ${serve.origin}, listening after ${fmt(result.startMs)} ms (${result.initialBuild})`);

    context = await newContext(browser, { localOrigin: serve.origin });
    const tab = await context.newPage();
    const seen = watch(tab, serve.origin);
    const liveConnection = await tool.watchLive(tab);
    let navigations = 0;
    tab.on('framenavigated', (frame) => {
      if (frame === tab.mainFrame()) navigations += 1;
    });
    const response = await tab.goto(serve.origin + url, { waitUntil: 'load', timeout: 120_000 });
    if (response?.status() !== 200) throw new Error(`${url} answered ${response?.status()}: pass the article's URL with --url`);
    await liveConnection();

    for (let run = 1; run <= opts.runs; run += 1) {
      await sleep(500); // let the previous reload settle; no rebuild is pending
      const marker = `huongreload${Date.now().toString(36)}r${run}`;
      await tab.evaluate(() => {
        window.__huongOldDocument = true;
      });
      const navBefore = navigations;
      const from = serve.lines.length;
      const written = now();
      fs.appendFileSync(file, `\n\n${marker}\n`);
      await pollPage(tab, (m) => !window.__huongOldDocument && document.body && document.body.textContent.includes(m), marker, {
        timeout: opts.timeout * 1000,
        interval: 10,
        what: `the reloaded page to show ${marker}`,
      });
      const seenFromNode = now();
      await pollPage(tab, () => document.readyState === 'complete', undefined, { timeout: 60_000, what: 'the page to finish loading' });
      // First contentful paint is recorded a little after the load; wait for it briefly.
      await pollPage(tab, () => performance.getEntriesByName('first-contentful-paint').length > 0, undefined, { timeout: 1_000, what: 'first paint' }).catch(() => {});
      const timing = await documentTiming(tab);
      // The server prints its line after publishing the new site: it may come just after the reload.
      const deadline = Date.now() + 5_000;
      while (!serve.rebuilds(from).length && Date.now() < deadline) await sleep(10);
      const rebuilds = serve.rebuilds(from);
      const r = {
        run,
        rebuildMs: rebuilds.map((x) => x.ms),
        printed: rebuilds.length ? rebuilds[0].at - written : NaN,
        reloadStart: timing.start - written,
        html: timing.responseEnd - written,
        dom: timing.domContentLoaded - written,
        paint: timing.fcp ? timing.fcp - written : NaN,
        node: seenFromNode - written,
        reloads: navigations - navBefore,
        type: timing.type,
      };
      result.runs.push(r);
      for (const x of rebuilds) result.serverLines.push(`run ${run}: ${x.line}`);
      if (!rebuilds.length) result.problems.push(`run ${run}: the server printed no "rebuilt" line`);
      if (rebuilds.length > 1) result.problems.push(`run ${run}: ${rebuilds.length} rebuilds for one write: ${rebuilds.map((x) => x.line).join('; ')}`);
      if (rebuilds.some((x) => !x.ok)) result.problems.push(`run ${run}: a rebuild failed`);
      if (r.reloads !== 1) result.problems.push(`run ${run}: ${r.reloads} navigations for one write`);
      if (r.type !== 'reload') result.problems.push(`run ${run}: navigation type ${r.type}, expected reload`);
      console.log(
        `run ${run}: marker painted ${fmt(r.paint)} ms after the write (reload started ${fmt(r.reloadStart)}, HTML received ${fmt(r.html)}, ` +
          `DOMContentLoaded ${fmt(r.dom)}, seen from node ${fmt(r.node)}); server: ${rebuilds.map((x) => x.line).join('; ') || '(nothing)'}`,
      );
      await liveConnection();
    }
    // The same message comes back with every reload: report each once, with its count.
    const grouped = new Map();
    for (const m of [...seen.consoleErrors.map((x) => `console error: ${x}`), ...seen.pageErrors.map((x) => `page error: ${x}`)]) {
      const key = m.length > 240 ? `${m.slice(0, 240)}…` : m;
      grouped.set(key, (grouped.get(key) ?? 0) + 1);
    }
    for (const [m, n] of grouped) result.problems.push(`${n}× ${m}`);
    result.peakRss = peakRssMiB(serve.child.pid);
  } finally {
    fs.writeFileSync(file, pristine);
    await context?.close().catch(() => {});
    if (serve) {
      result.peakRss ??= peakRssMiB(serve.child.pid);
      await serve.stop();
    }
    if (opts.keep) console.log(`kept ${site}`);
    else fs.rmSync(tmp, { recursive: true, force: true });
    if (sha256(originalFile) !== originalHash) {
      // Cannot happen (only the copy is written), but say so loudly if it does.
      console.error(`reload.mjs: ${originalFile} CHANGED during the benchmark`);
      process.exitCode = 1;
    }
  }
  result.md = pages.md;
  return result;
}

function report(results, meta) {
  const out = [];
  out.push(`# Edit-to-reload: huong serve${results.some((r) => r.tool === HUGO.name) ? ' and hugo server' : ''}`);
  out.push('');
  out.push(`${meta.date}, ${meta.bin}, ${meta.chromium}, ${os.cpus().length} CPUs, load average before: ${meta.load}.`);
  out.push('');
  out.push('Medians over the runs, in ms after the write that appended the marker line; **first paint** (of the reloaded page, which holds the marker) is the edit-to-reload time:');
  out.push('');
  out.push('| site | server | .md files | article | runs | server rebuild | rebuild printed | reload starts | HTML received | DOMContentLoaded | **first paint** | server peak RSS MiB |');
  out.push('| --- | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of results) {
    const col = (k) => fmt(median(r.runs.map((x) => x[k])));
    out.push(
      `| ${r.root} | ${r.tool} | ${r.md} | \`${r.url}\` | ${r.runs.length} | ${fmt(median(r.runs.map((x) => x.rebuildMs[0])))} | ${col('printed')} | ${col('reloadStart')} | ${col('html')} | ${col('dom')} | **${col('paint')}** | ${r.peakRss ? r.peakRss.toFixed(0) : 'n/a'} |`,
    );
  }
  out.push('');
  out.push('Every run (ms after the write; "server rebuild" is the N of the server\'s "rebuilt ... in N ms" line, or Hugo\'s "Total in N ms"):');
  out.push('');
  out.push('| site | run | server rebuild | rebuild printed | reload starts | HTML received | DOMContentLoaded | first paint | node saw marker | reloads |');
  out.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of results) {
    for (const x of r.runs) {
      out.push(
        `| ${path.basename(r.root)} | ${x.run} | ${x.rebuildMs.join(' + ') || 'none'} | ${fmt(x.printed)} | ${fmt(x.reloadStart)} | ${fmt(x.html)} | ${fmt(x.dom)} | ${fmt(x.paint)} | ${fmt(x.node)} | ${x.reloads} |`,
      );
    }
  }
  out.push('');
  for (const r of results) {
    out.push(`${r.root}: initial build: ${r.initialBuild}; listening ${fmt(r.startMs)} ms after start.`);
    for (const p of r.problems) out.push(`- problem: ${p}`);
  }
  return out.join('\n');
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const bin = huongBin();
  if (!process.env.HUONG_BIN && /\/debug\/huong$/.test(bin)) console.warn('reload.mjs: warning: using the debug binary (no target/release/huong); its timings are not representative');
  const browser = await launch();
  const meta = {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    bin,
    chromium: `Chromium ${browser.version()}`,
    load: os.loadavg().map((x) => x.toFixed(2)).join(' '),
  };
  const results = [];
  try {
    for (const root of opts.roots) results.push(await benchSite(root, opts, browser));
  } finally {
    await browser.close();
  }
  console.log('\nServer lines:');
  for (const r of results) for (const l of r.serverLines) console.log(`  ${path.basename(r.root)} ${l}`);
  console.log(`\n${report(results, meta)}`);
  if (results.some((r) => r.problems.length)) process.exitCode = 1;
}

main().catch((err) => {
  console.error(`reload.mjs: ${err.stack || err}`);
  process.exit(1);
});
