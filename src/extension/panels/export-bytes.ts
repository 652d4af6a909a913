/** The chart images a webview hands over for export, checked before the host writes them (no vscode: tests use it). */

/** Largest image a webview may hand over (a 2x PNG of a big chart is a few MB). */
const MAX_IMAGE_CHARS = 40_000_000;

/** The bytes of a PNG data URL or an SVG document from the webview; anything else is refused. */
export function imageBytes(format: 'png' | 'svg', data: string): Uint8Array {
  if (data.length > MAX_IMAGE_CHARS) throw new Error('The image is too large to export.');
  if (format === 'png') {
    const m = /^data:image\/png;base64,([A-Za-z0-9+/=]+)$/.exec(data);
    if (!m) throw new Error('The chart did not arrive as a PNG image.');
    const bytes = Buffer.from(m[1], 'base64');
    if (bytes.length < 8 || bytes[0] !== 0x89 || bytes[1] !== 0x50) throw new Error('The chart did not arrive as a PNG image.');
    return bytes;
  }
  if (!/^\s*<svg[\s>]/.test(data)) throw new Error('The chart did not arrive as an SVG document.');
  return new TextEncoder().encode(data);
}
