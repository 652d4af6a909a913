/** The one HTML page of every Collab webview: a fresh nonce, a strict CSP, resources from the bundle only. */
import { randomBytes } from 'node:crypto';

/** Where the page's resources come from (webview URIs in VS Code, http://127.0.0.1 in browser tests). */
export interface PageResources {
  /** `webview.cspSource`. */
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  title: string;
  /** Fresh for every load; `newNonce()` by default. */
  nonce?: string;
}

/** A random nonce for `script-src 'nonce-...'`. */
export function newNonce(): string {
  return randomBytes(18).toString('base64');
}

/**
 * The Content-Security-Policy of a panel: nothing by default, our script by nonce, our stylesheet from
 * the bundle. No 'unsafe-eval' (vega-embed runs with `ast: true`), no 'unsafe-inline' (its CSS ships
 * in panel-style.css), no images, fonts or connections: the charts are inline SVG.
 */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
  ].join('; ');
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The page: CSP meta, the stylesheet, an empty #app, and the bundle's script (with the nonce). */
export function panelHtml(resources: PageResources): string {
  const nonce = resources.nonce ?? newNonce();
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(contentSecurityPolicy(resources.cspSource, nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttribute(resources.styleUri)}">
<title>${escapeAttribute(resources.title)}</title>
</head>
<body>
<main id="app"></main>
<script nonce="${nonce}" src="${escapeAttribute(resources.scriptUri)}"></script>
</body>
</html>`;
}
