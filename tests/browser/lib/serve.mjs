// `huong serve` driven from the tests (livereload.test.mjs) and from bench/reload.mjs:
// which binary, starting it on a free port, reading what it prints, stopping it, and
// watching a page's live-reload connection. The benchmark starts `hugo server` the same way.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (tests/browser/lib → ../../..). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The huong binary: $HUONG_BIN, else target/release/huong if it exists, else target/debug/huong. */
export function huongBin() {
  if (process.env.HUONG_BIN) return process.env.HUONG_BIN;
  for (const kind of ['release', 'debug']) {
    const bin = path.join(REPO_ROOT, 'target', kind, 'huong');
    if (fs.existsSync(bin)) return bin;
  }
  throw new Error(`no huong binary: set HUONG_BIN, or build ${path.join(REPO_ROOT, 'target/release/huong')} (cargo build --release)`);
}

/** What `huong serve` prints once it listens: `serving the preview at http://127.0.0.1:PORT/ ...`. */
export const SERVING_LINE = /serving the preview at (http:\/\/[^/\s]+)\//;
/** What it prints after each rebuild: `rebuilt after a change to PATH in N ms` (or `rebuild failed ...`). */
export const REBUILD_LINE = /^(rebuilt|rebuild failed) after a change to (.+?) in (\d+) ms$/;

/**
 * Spawns `BIN serve --root ROOT --port 0 --bind 127.0.0.1` and resolves once it
 * prints its address. Returns:
 *   { origin, bin, child, lines, rebuilds(from), waitForLine(re, { from, timeout }), stop() }
 * `lines` grows with every line the server writes (stderr and stdout);
 * `rebuilds(from)` parses the REBUILD_LINEs from index `from` on.
 * Rejects (with the server's output) if it exits or does not listen within `timeout` ms.
 */
export async function startServe(root, { bin = huongBin(), timeout = 120_000, extraArgs = [] } = {}) {
  const args = ['serve', '--root', root, '--port', '0', '--bind', '127.0.0.1', ...extraArgs];
  try {
    return await startWatchedServer({
      bin,
      args,
      timeout,
      listening: SERVING_LINE,
      rebuild: (line) => {
        const m = REBUILD_LINE.exec(line);
        return m && { ok: m[1] === 'rebuilt', path: m[2], ms: Number(m[3]) };
      },
    });
  } catch (err) {
    const hint = /unrecognized subcommand 'serve'/.test(err.message)
      ? `\n${bin} has no \`serve\` subcommand (an older build?): rebuild it or point HUONG_BIN at one that has it`
      : '';
    throw new Error(`${err.message}${hint}`);
  }
}

/**
 * Spawns a development server (`bin args`) and resolves once a line matches
 * `listening` (its first group is the origin). `rebuild(line)` tells a line that
 * reports a rebuild: it returns { ok, path, ms } or null. Returns what
 * `startServe` returns. Used for `huong serve` and, in the benchmark, `hugo server`.
 */
export async function startWatchedServer({ bin, args, timeout = 120_000, listening, rebuild }) {
  const name = path.basename(bin);
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = [];
  const waiters = new Set();
  const stamps = [];
  const onText = (stream) => {
    let rest = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      rest += chunk;
      let nl;
      while ((nl = rest.indexOf('\n')) >= 0) {
        lines.push(rest.slice(0, nl));
        stamps.push(performance.timeOrigin + performance.now());
        rest = rest.slice(nl + 1);
        for (const w of [...waiters]) w();
      }
    });
  };
  onText(child.stdout);
  onText(child.stderr);
  let exited = null;
  const exitPromise = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      for (const w of [...waiters]) w();
      resolve(exited);
    });
  });
  child.on('error', (err) => {
    exited = { code: null, signal: null, error: err };
    for (const w of [...waiters]) w();
  });
  // Never leave a server behind if the test process dies.
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);

  const tail = (n = 40) => lines.slice(-n).join('\n');
  /** Resolves with { index, match } for the first line matching `re` at index >= from. */
  const waitForLine = (re, { from = 0, timeout: ms = 30_000 } = {}) =>
    new Promise((resolve, reject) => {
      let i = from;
      const check = () => {
        for (; i < lines.length; i += 1) {
          const match = re.exec(lines[i]);
          if (match) {
            done();
            resolve({ index: i, match, at: stamps[i] });
            return;
          }
        }
        if (exited) {
          done();
          reject(new Error(`${name} exited (${JSON.stringify(exited)}) before printing ${re}; its output:\n${tail()}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`${name} printed no line matching ${re} within ${ms} ms; its output ends:\n${tail()}`));
      }, ms);
      const done = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });

  const stop = async () => {
    process.off('exit', killOnExit);
    if (exited) return exited;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    const result = await exitPromise;
    clearTimeout(timer);
    return result;
  };

  let serving;
  try {
    serving = await waitForLine(listening, { timeout });
  } catch (err) {
    await stop();
    throw err;
  }
  const rebuilds = (from = 0) =>
    lines
      .slice(from)
      .map((line, k) => ({ found: rebuild(line), line, at: stamps[from + k] }))
      .filter((x) => x.found)
      .map(({ found, line, at }) => ({ ...found, line, at }));
  return { origin: serving.match[1], bin, child, lines, stamps, tail, rebuilds, waitForLine, stop, exited: () => exited };
}

/**
 * Adds an init script to `page` (before any page script, on every document it
 * loads) that records the page's live-reload connection without changing it:
 * EventSource is replaced by a subclass that notes each URL opened and each
 * `generation` message received, in `window.__huongLive`
 * ({ opened: [url], generations: [data], errors: n }). Init scripts are not
 * subject to the page's Content-Security-Policy.
 */
export async function recordLiveReload(page) {
  await page.addInitScript(() => {
    const Native = window.EventSource;
    const live = { opened: [], generations: [], errors: 0 };
    Object.defineProperty(window, '__huongLive', { value: live });
    if (!Native) return;
    window.EventSource = class extends Native {
      constructor(url, init) {
        super(url, init);
        live.opened.push(String(url));
        this.addEventListener('generation', (event) => live.generations.push(event.data));
        this.addEventListener('error', () => {
          live.errors += 1;
        });
      }
    };
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Polls `fn(arg)` in the page until it returns a truthy value, across
 * navigations (an evaluation cut short by a reload is retried in the new
 * document). Returns that value; throws after `timeout` ms, naming `what`
 * and the last value seen.
 */
export async function pollPage(page, fn, arg, { timeout = 10_000, interval = 20, what = 'the condition' } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  let lastError;
  for (;;) {
    try {
      last = await page.evaluate(fn, arg);
      lastError = undefined;
      if (last) return last;
    } catch (err) {
      lastError = err; // the document went away mid-evaluation (a reload): try again
    }
    if (Date.now() >= deadline) {
      throw new Error(`timed out after ${timeout} ms waiting for ${what} (last value ${JSON.stringify(last)}${lastError ? `, last error ${lastError.message.split('\n')[0]}` : ''})`);
    }
    await sleep(interval);
  }
}

/** Waits until the current document's live-reload stream has delivered its first `generation`. Returns it. */
export function waitForLiveConnection(page, { timeout = 10_000 } = {}) {
  return pollPage(page, () => window.__huongLive && window.__huongLive.generations[0], undefined, {
    timeout,
    what: 'the page to open /__huong/events and receive its first `generation` message (recordLiveReload must be installed)',
  });
}

/**
 * The current document's navigation timing, as epoch milliseconds:
 * { start (navigation start = performance.timeOrigin), responseEnd, domContentLoaded, load, fcp, type }.
 */
export function documentTiming(page) {
  return page.evaluate(() => {
    const t0 = performance.timeOrigin;
    const nav = performance.getEntriesByType('navigation')[0];
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    const at = (v) => (v ? t0 + v : null);
    return {
      start: t0,
      responseEnd: at(nav && nav.responseEnd),
      domContentLoaded: at(nav && nav.domContentLoadedEventEnd),
      load: at(nav && nav.loadEventEnd),
      fcp: at(fcp && fcp.startTime),
      type: nav ? nav.type : null,
    };
  });
}
