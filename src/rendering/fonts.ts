import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../common/project-root';
import { woffToSfnt } from './woff';

/** Where the page asks for Kasian's own assets; the request interceptor answers these from memory. */
export const ASSET_ORIGIN = 'https://kasian-assets.invalid';

const FILES = ['sarabun-thai-400-normal', 'sarabun-latin-400-normal', 'sarabun-thai-700-normal', 'sarabun-latin-700-normal'];

function fontsourceDirectory(): string {
  return join(projectRoot(), 'node_modules', '@fontsource', 'sarabun', 'files');
}

/** Writes Sarabun as TrueType files into `dir` for Chromium's private fontconfig (see chromium-pool.ts). */
export function writeFallbackFonts(dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const name of FILES) writeFileSync(join(dir, `${name}.ttf`), woffToSfnt(readFileSync(join(fontsourceDirectory(), `${name}.woff`))));
}

/** Sarabun, bundled with the project (@fontsource/sarabun), read once: the only font a PDF may contain. */
export function loadFonts(): Map<string, Buffer> {
  const dir = fontsourceDirectory();
  return new Map(FILES.map((name) => [`${ASSET_ORIGIN}/fonts/${name}.woff2`, readFileSync(join(dir, `${name}.woff2`))]));
}

/** The @font-face rules pointing at the in-memory fonts, with Fontsource's unicode ranges. */
export const FONT_FACES = `
@font-face { font-family: Sarabun; font-weight: 400; src: url(${ASSET_ORIGIN}/fonts/sarabun-thai-400-normal.woff2) format('woff2'); unicode-range: U+02D7, U+0303, U+0331, U+0E01-0E5B, U+200C-200D, U+25CC; }
@font-face { font-family: Sarabun; font-weight: 400; src: url(${ASSET_ORIGIN}/fonts/sarabun-latin-400-normal.woff2) format('woff2'); unicode-range: U+0000-00FF, U+0131, U+0152-0153, U+02BB-02BC, U+02C6, U+02DA, U+02DC, U+0304, U+0308, U+0329, U+2000-206F, U+20AC, U+2122, U+2191, U+2193, U+2212, U+2215, U+FEFF, U+FFFD; }
@font-face { font-family: Sarabun; font-weight: 700; src: url(${ASSET_ORIGIN}/fonts/sarabun-thai-700-normal.woff2) format('woff2'); unicode-range: U+02D7, U+0303, U+0331, U+0E01-0E5B, U+200C-200D, U+25CC; }
@font-face { font-family: Sarabun; font-weight: 700; src: url(${ASSET_ORIGIN}/fonts/sarabun-latin-700-normal.woff2) format('woff2'); unicode-range: U+0000-00FF, U+0131, U+0152-0153, U+02BB-02BC, U+02C6, U+02DA, U+02DC, U+0304, U+0308, U+0329, U+2000-206F, U+20AC, U+2122, U+2191, U+2193, U+2212, U+2215, U+FEFF, U+FFFD; }
`;
