// Renders media/icon.svg to media/icon.png (128x128, transparent corners) with the machine's Chromium:
// the marketplace and the editor want a PNG icon. Run after changing the SVG: `npx tsx scripts/render-icon.ts`.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';

const media = path.resolve(import.meta.dirname, '..', 'media');
const svg = await readFile(path.join(media, 'icon.svg'), 'utf8');
const browser = await chromium.launch({
  executablePath: process.env.LRK_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  const page = await browser.newPage({ viewport: { width: 128, height: 128 } });
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
  await page.screenshot({ path: path.join(media, 'icon.png'), omitBackground: true });
  console.log('media/icon.png written');
} finally {
  await browser.close();
}
