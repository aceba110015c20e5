// The README's pictures: each one it names exists, is a PNG of the size `npm run screenshots` takes, says in its
// alt text what it shows, and no picture in media/screenshots/ is left unnamed (a scenario renamed or dropped).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { SCREENSHOT_VIEWPORT, SCREENSHOTS_DIR } from '../vscode/screenshots';
import { REPO_ROOT } from './helpers';

interface Image {
  alt: string;
  src: string;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Every `![alt](src)` and `<img src alt>` of a Markdown text, in order. */
export function imagesOf(markdown: string): Image[] {
  const found: Array<Image & { at: number }> = [];
  // The destination is <in brackets> (and may hold spaces) or runs to the first space; a "title" may follow.
  for (const match of markdown.matchAll(/!\[([^\]]*)\]\(\s*(?:<([^>]*)>|([^)\s]+))(?:\s+"[^"]*")?\s*\)/g)) {
    found.push({ alt: match[1], src: match[2] ?? match[3], at: match.index });
  }
  for (const match of markdown.matchAll(/<img\b[^>]*>/gi)) {
    const attribute = (name: string) => new RegExp(`\\b${name}\\s*=\\s*"([^"]*)"`, 'i').exec(match[0])?.[1] ?? '';
    found.push({ alt: attribute('alt'), src: attribute('src'), at: match.index });
  }
  return found.sort((a, b) => a.at - b.at).map(({ alt, src }) => ({ alt, src }));
}

/** Width and height from a PNG's IHDR chunk; throws when `data` is not a PNG. */
export function pngSize(data: Buffer): { width: number; height: number } {
  assert.ok(data.subarray(0, 8).equals(PNG_SIGNATURE), 'not a PNG (no PNG signature)');
  assert.equal(data.toString('latin1', 12, 16), 'IHDR', 'a PNG whose first chunk is not IHDR');
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
}

describe('the README’s pictures', () => {
  const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const images = imagesOf(readme);
  const local = images.filter((image) => !/^[a-z]+:/i.test(image.src));

  it('reads Markdown and HTML images, in order', () => {
    assert.deepEqual(imagesOf('x ![One thing](a.png) y <img alt="Two" src="b.png"> ![](<c d.png>)'), [
      { alt: 'One thing', src: 'a.png' },
      { alt: 'Two', src: 'b.png' },
      { alt: '', src: 'c d.png' },
    ]);
    assert.deepEqual(
      pngSize(Buffer.concat([PNG_SIGNATURE, Buffer.from('\0\0\0\rIHDR\0\0\x05\0\0\0\x03\x20', 'latin1')])),
      {
        width: 1280,
        height: 800,
      },
    );
    assert.throws(() => pngSize(Buffer.from('GIF89a........................')), /not a PNG/);
  });

  it('names pictures, the first the F5 one', () => {
    assert.ok(local.length >= 5, `the README names ${local.length} local pictures`);
    assert.equal(local[0].src, 'media/screenshots/debug-python.png', 'the README does not open with F5 in a handler');
  });

  it('each exists, is a PNG of the screenshot size, and says what it shows', () => {
    for (const image of local) {
      const file = path.join(REPO_ROOT, decodeURI(image.src));
      let data: Buffer;
      try {
        data = readFileSync(file);
      } catch {
        assert.fail(`${image.src} is missing: run npm run screenshots`);
      }
      assert.doesNotThrow(() => pngSize(data), `${image.src} is not a PNG`);
      if (path.dirname(file) === SCREENSHOTS_DIR) {
        assert.deepEqual(pngSize(data), SCREENSHOT_VIEWPORT, `${image.src} is not the size npm run screenshots takes`);
      }
      assert.ok(image.alt.split(/\s+/).length >= 5, `the alt text of ${image.src} does not say what it shows`);
    }
  });

  it('leaves no picture of media/screenshots/ unnamed', () => {
    const named = new Set(local.map((image) => path.join(REPO_ROOT, decodeURI(image.src))));
    const unnamed = readdirSync(SCREENSHOTS_DIR)
      .map((name) => path.join(SCREENSHOTS_DIR, name))
      .filter((file) => !named.has(file));
    assert.deepEqual(unnamed, [], 'pictures the README does not show');
  });
});
