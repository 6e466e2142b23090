import fs from 'node:fs';
import path from 'node:path';

/**
 * The report font, Noto Sans (OFL 1.1, assets/fonts/OFL.txt): resvg loads no system font here and Chromium's
 * print should not depend on what the host has, so every chart and page names this one explicitly.
 */

export const REPORT_FONT_FAMILY = 'Noto Sans';

function findAssets(): string {
  // src/render in development and tests, dist/src/render once built: the repository root is above either.
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'assets', 'fonts');
    if (fs.existsSync(path.join(candidate, 'NotoSans-Regular.ttf'))) return candidate;
  }
  throw new Error('assets/fonts/NotoSans-Regular.ttf not found above the compiled code');
}

let fontsDir: string | null = null;

export function reportFontFiles(): { regular: string; bold: string } {
  fontsDir ??= findAssets();
  return {
    regular: path.join(fontsDir, 'NotoSans-Regular.ttf'),
    bold: path.join(fontsDir, 'NotoSans-Bold.ttf'),
  };
}
