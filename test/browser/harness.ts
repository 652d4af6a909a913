/**
 * Runs the real panel bundle (dist/webview) in headless Chromium on a page that stands in for the
 * VS Code webview: the same HTML and CSP as production (panelHtml), served from a local http
 * server, with `acquireVsCodeApi` stubbed so posted messages reach a fake host in Node that
 * answers through window.postMessage, as VS Code does.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { panelHtml } from '../../src/extension/panels/webview-html';
import type { PanelQueries } from '../../src/run-service/panel-queries';
import { FakeProjections } from './fake-projections';
import { isMetaRequest, MetaQueries } from '../../src/run-service/meta-queries';
import type { HostToWebview, InitMessage, PanelState, WebviewToHost } from '../../src/protocol/webview';
import { THEMES, type ThemeName } from './themes';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const DIST = join(__dirname, '..', '..', '..', 'dist', 'webview');
export const SCREENSHOTS = join(__dirname, '..', '..', '..', 'test-output', 'screenshots');

/** Why the browser tests cannot run here, or undefined when they can. */
export function skipReason(): string | undefined {
  if (!existsSync(CHROMIUM)) return `${CHROMIUM} is absent (apt-get install chromium, or set CHROMIUM_PATH)`;
  if (!existsSync(join(DIST, 'panel.js'))) return 'dist/webview/panel.js is missing: run npm run build first';
  return undefined;
}

/** Launches headless Chromium with the flags that work in this container. */
export async function launchBrowser(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/** The local server: the panel page (with a fresh nonce per load) and the bundle; logs every path asked for. */
export class PanelServer {
  readonly requested: string[] = [];
  lastHtml = '';
  private constructor(private readonly server: Server, readonly origin: string) {}

  static async start(): Promise<PanelServer> {
    const holder: { self?: PanelServer } = {};
    const server = createServer((req, res) => {
      const self = holder.self;
      const path = (req.url ?? '/').split('?')[0];
      self?.requested.push(path);
      const files: Record<string, [string, string]> = {
        '/panel.js': ['panel.js', 'text/javascript'],
        '/panel-style.css': ['panel-style.css', 'text/css'],
        '/study.js': ['study.js', 'text/javascript'],
      };
      // The run panel's page, or a study panel's (the learning-rate finder's and the sweep's bundle).
      if (path === '/panel.html' || path === '/study.html') {
        const script = path === '/panel.html' ? 'panel.js' : 'study.js';
        const html = panelHtml({ cspSource: self!.origin, scriptUri: `${self!.origin}/${script}`, styleUri: `${self!.origin}/panel-style.css`, title: 'Run' });
        self!.lastHtml = html;
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
      } else if (path === '/favicon.ico') {
        res.writeHead(204).end(); // Chromium asks; a VS Code webview never does
      } else if (files[path]) {
        res.writeHead(200, { 'content-type': files[path][1] }).end(readFileSync(join(DIST, files[path][0])));
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    holder.self = new PanelServer(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return holder.self;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** Stands in for RunPanel: answers requests from PanelQueries, records rows/open and every message. */
export class FakeHost {
  readonly received: WebviewToHost[] = [];
  /** Replies sent, with their JSON size in bytes. */
  readonly replies: { type: string; bytes: number }[] = [];
  /** The projection view's requests, answered by the run service's projection code (views in a temp folder). */
  readonly projections: FakeProjections | undefined;
  private ownMeta: MetaQueries | undefined;
  /** `meta` answers the metadata and Data view requests (they read files, so asynchronously). */
  constructor(private readonly queries: PanelQueries | undefined, private readonly init: InitMessage, private readonly meta?: MetaQueries) {
    this.projections = queries && new FakeProjections(queries);
  }

  async handle(message: WebviewToHost, send?: (message: HostToWebview) => Promise<void>): Promise<HostToWebview[]> {
    this.received.push(message);
    if (this.projections?.handles(message.type) && 'messageId' in message) return this.projections.answer(message, send);
    switch (message.type) {
      case 'panel/ready': return [this.init];
      case 'panel/view':
      case 'rows/open':
      case 'rows/line':
      case 'recommend/action': return [];
      default: {
        let reply: HostToWebview;
        try {
          if (!this.queries) throw new Error('This run has no saved model yet.');
          const result = isMetaRequest(message.type)
            ? await (this.meta ?? (this.ownMeta ??= new MetaQueries(this.queries.run))).answer(message.type, message.params as never)
            : this.queries.answer(message.type, message.params as never);
          reply = { type: 'reply', inReplyTo: message.messageId, ok: true, result };
        } catch (error) {
          reply = { type: 'reply', inReplyTo: message.messageId, ok: false, error: (error as Error).message };
        }
        this.replies.push({ type: message.type, bytes: Buffer.byteLength(JSON.stringify(reply)) });
        return [reply];
      }
    }
  }

  /** Messages of one type the webview sent. */
  sent<T extends WebviewToHost['type']>(type: T): Extract<WebviewToHost, { type: T }>[] {
    return this.received.filter((m): m is Extract<WebviewToHost, { type: T }> => m.type === type);
  }
}

/** One open panel page and what it logged. */
export interface PanelPage {
  page: Page;
  host: FakeHost;
  /** Page errors and console errors. */
  errors: string[];
  /** CSP violations reported by the page. */
  violations(): Promise<string[]>;
  /** Alerts that ran (an XSS payload would call alert). */
  alerts(): Promise<number>;
  state(): Promise<PanelState | undefined>;
  /** Sends a host message (e.g. a live trainer event). */
  send(message: HostToWebview): Promise<void>;
}

/** No CSP violations, no alert (an XSS payload would call it), no page errors on an open page. */
export async function assertClean(p: PanelPage): Promise<void> {
  if (p.page.isClosed()) return;
  assert.deepEqual(await p.violations(), [], 'CSP violations');
  assert.equal(await p.alerts(), 0, 'an alert ran');
  assert.deepEqual(p.errors, [], 'page errors');
}

/** Opens the panel page with a theme and a fake host; resolves once the page has loaded. */
export async function openPanel(browser: Browser, server: PanelServer, host: FakeHost, options: { theme?: ThemeName; state?: PanelState; width?: number } = {}): Promise<PanelPage> {
  const page = await browser.newPage({ viewport: { width: options.width ?? 1100, height: 820 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => { if (message.type() === 'error') errors.push(`console: ${message.text()}`); });
  const send = async (message: HostToWebview) => {
    await page.evaluate((m) => window.postMessage(m, '*'), message as unknown as Record<string, unknown>);
  };
  await page.exposeFunction('__collabToHost', async (message: WebviewToHost) => {
    for (const reply of await host.handle(message, send)) await send(reply).catch(() => undefined);
  });
  const theme = THEMES[options.theme ?? 'light'];
  await page.addInitScript(({ vars, bodyClass, state }) => {
    const w = window as unknown as Record<string, unknown>;
    w.__violations = [] as string[];
    w.__alerts = 0;
    document.addEventListener('securitypolicyviolation', (e) => (w.__violations as string[]).push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`));
    window.alert = () => { (w.__alerts as number)++; };
    let saved = state ?? undefined;
    w.acquireVsCodeApi = () => {
      // VS Code sets these on the html element and the body class before the page's scripts run.
      for (const [name, value] of Object.entries(vars)) document.documentElement.style.setProperty(name, value);
      document.body.classList.add(...bodyClass.split(' '));
      return {
        postMessage: (m: unknown) => (w.__collabToHost as (m: unknown) => Promise<void>)(JSON.parse(JSON.stringify(m))),
        getState: () => saved,
        setState: (s: unknown) => { saved = JSON.parse(JSON.stringify(s)); w.__state = saved; },
      };
    };
  }, { vars: theme.vars, bodyClass: theme.bodyClass, state: options.state });
  await page.goto(`${server.origin}/panel.html`);
  return {
    page, host, errors, send,
    violations: () => page.evaluate(() => (window as unknown as { __violations: string[] }).__violations),
    alerts: () => page.evaluate(() => (window as unknown as { __alerts: number }).__alerts),
    state: () => page.evaluate(() => (window as unknown as { __state?: PanelState }).__state),
  };
}

/** The init message of a saved run, as RunPanel builds it. */
export function initOf(queries: PanelQueries, compare: PanelQueries[] = [], view?: InitMessage['view']): InitMessage {
  return {
    type: 'panel/init', run: queries.summary(), series: queries.series(), compare: compare.map((q) => q.series(q.run.manifest.id.slice(-12))),
    view, target: { runDir: queries.run.dir },
  };
}

/** A describe block's browser, page server and panel pages (see panelSuite). */
export interface PanelSuite {
  readonly browser: Browser;
  readonly server: PanelServer;
  /** Pages opened so far through `open`. */
  readonly pages: readonly PanelPage[];
  /** Opens a panel page; it is checked clean (no CSP violation, alert or page error) when the block ends. */
  open(host: FakeHost, options?: Parameters<typeof openPanel>[3]): Promise<PanelPage>;
}

/** One browser and one page server for the tests of a describe block, started before and closed after them. */
export function panelSuite(): PanelSuite {
  let browser: Browser | undefined;
  let server: PanelServer | undefined;
  const pages: PanelPage[] = [];
  const started = <T>(x: T | undefined): T => { if (!x) throw new Error('the browser suite has not started'); return x; };
  before(async () => {
    browser = await launchBrowser();
    server = await PanelServer.start();
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  after(async () => {
    for (const p of pages) await assertClean(p);
    await browser?.close();
    await server?.close();
  });
  return {
    get browser() { return started(browser); },
    get server() { return started(server); },
    pages,
    async open(host, options) {
      const panel = await openPanel(started(browser), started(server), host, options);
      pages.push(panel);
      return panel;
    },
  };
}
