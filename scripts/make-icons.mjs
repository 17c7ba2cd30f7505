// `node scripts/make-icons.mjs`: renders build/icon.svg (the project's own icon) to the PNGs
// electron-builder packages: build/icon.png at 1024 px (it derives the macOS .icns and the
// Windows .ico from it) and build/icons/<size>x<size>.png for Linux. Run after editing the SVG;
// the PNGs are committed so packaging needs no browser.
import { chromium } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';
import { chromiumArgs, chromiumPath } from './chromium.mjs';

const svg = readFileSync('build/icon.svg', 'utf8');
const SIZES = [16, 32, 48, 64, 128, 256, 512, 1024];
mkdirSync('build/icons', { recursive: true });
const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
try {
  for (const size of SIZES) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    await page.setContent(
      `<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`,
    );
    const target = size === 1024 ? 'build/icon.png' : `build/icons/${size}x${size}.png`;
    await page.screenshot({ path: target, omitBackground: true });
    await page.close();
    console.log(`wrote ${target}`);
  }
} finally {
  await browser.close();
}
