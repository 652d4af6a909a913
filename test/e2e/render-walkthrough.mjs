#!/usr/bin/env node
// Derives the walkthrough's own images (media/walkthrough/*.png) from the README's screenshots and
// the real-VS-Code suite's: a crop of each, rendered by headless Chromium. The other steps show the
// README's screenshots themselves (shipped already, so they add nothing to the .vsix).
// Usage: node test/e2e/render-walkthrough.mjs   (the PNGs are committed; rerun after new screenshots)
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = join(repo, 'media', 'walkthrough');
/** name: [source, crop x, y, w, h (source pixels), output width]. */
const IMAGES = {
  'ratings-file': ['media/screenshots/vscode-pca-rows.png', 876, 470, 470, 400, 470],
  // From the real-VS-Code suite (npm run test:e2e -- 10-train): the hover over Starship Beta in u.item.
  hover: ['test-output/e2e/5-hover.png', 880, 84, 512, 290, 512],
};

mkdirSync(out, { recursive: true });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  for (const [name, [source, x, y, w0, h0, width]] of Object.entries(IMAGES)) {
    const path = join(repo, source);
    if (!existsSync(path)) { console.log(`${name}: ${source} not found, kept as it was`); continue; }
    const png = readFileSync(path);
    const [w, h] = w0 ? [w0, h0] : [png.readUInt32BE(16), png.readUInt32BE(20)];
    const scale = width / w;
    const height = Math.round(h * scale);
    const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: 1 });
    const full = png.readUInt32BE(16) * scale;
    await page.setContent(`<html><body style="margin:0"><div id="crop" style="position:relative;overflow:hidden;width:${width}px;height:${height}px">`
      + `<img style="position:absolute;left:${-x * scale}px;top:${-y * scale}px;width:${full}px" src="data:image/png;base64,${png.toString('base64')}"></div></body></html>`);
    await page.locator('#crop').screenshot({ path: join(out, `${name}.png`) });
    await page.close();
    console.log(`${name}: ${width}x${height} from ${source}`);
  }
} finally {
  await browser.close();
}
