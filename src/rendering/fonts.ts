import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { woffToSfnt } from './woff';

/**
 * Sarabun, bundled with Kasian (@fontsource/sarabun): the only font a PDF may contain. Fontsource splits each
 * weight into subsets (thai, latin, latin-ext, vietnamese) with their unicode ranges; the @font-face rules here
 * keep those ranges, so a page only decodes the subsets its text uses.
 */

/** Where pages ask for Kasian's in-memory assets; the request interceptor answers these and nothing else. */
export const ASSET_ORIGIN = 'https://kasian.assets';

/** How the page gets its fonts (docs/rendering.md compares them). */
export type FontDelivery = 'inline' | 'served' | 'fontconfig';

export interface FontFile {
  /** e.g. sarabun-thai-400-normal */
  name: string;
  weight: number;
  unicodeRange: string;
  woff2: Buffer;
  /** The same font as WOFF 1.0, from which the fontconfig copy is made. */
  woff: Buffer;
}

export interface Asset {
  contentType: string;
  body: Buffer;
}

const WEIGHTS = [400, 700];

function fontsourceDir(): string {
  return dirname(require.resolve('@fontsource/sarabun/package.json'));
}

/** The upright regular and bold faces, read from Fontsource's own 400.css / 700.css. */
export function loadSarabun(): FontFile[] {
  const dir = fontsourceDir();
  return WEIGHTS.flatMap((weight) => {
    const css = readFileSync(join(dir, `${weight}.css`), 'utf8');
    return [...css.matchAll(/@font-face\s*{([^}]*)}/g)].map(([, rule]) => {
      const file = /url\(\.\/files\/([^)]+)\.woff2\)/.exec(rule)?.[1];
      const unicodeRange = /unicode-range:\s*([^;]+);/.exec(rule)?.[1];
      if (!file || !unicodeRange || !/font-style:\s*normal/.test(rule)) throw new Error(`unexpected @font-face in ${weight}.css: ${rule}`);
      return {
        name: file,
        weight,
        unicodeRange: unicodeRange.trim(),
        woff2: readFileSync(join(dir, 'files', `${file}.woff2`)),
        woff: readFileSync(join(dir, 'files', `${file}.woff`)),
      };
    });
  });
}

/** The family a subset file is known by in the private fontconfig: "Sarabun thai", "Sarabun latin" … */
function subsetFamily(font: FontFile): string {
  return `Sarabun ${font.name.replace(/^sarabun-/, '').replace(/-\d+-normal$/, '')}`;
}

/**
 * The CSS font-family for a delivery. Web fonts are one family, "Sarabun", split by unicode-range. Through
 * fontconfig each subset is a family of its own, listed so every character finds its subset in the requested weight
 * (as one family, Chromium's per-character fallback would find the Thai subset only in regular and fake its bold).
 */
export function fontFamily(fonts: FontFile[], delivery: FontDelivery): string {
  if (delivery !== 'fontconfig') return 'Sarabun';
  const families = [...new Set(fonts.map(subsetFamily))].sort((a, b) => Number(b.endsWith(' latin')) - Number(a.endsWith(' latin')));
  return families.map((family) => `"${family}"`).join(', ');
}

export function fontUrl(font: FontFile): string {
  return `${ASSET_ORIGIN}/fonts/${font.name}.woff2`;
}

/** The @font-face rules for a delivery; none for `fontconfig`, where Chromium finds Sarabun as a local font. */
export function fontFaceCss(fonts: FontFile[], delivery: FontDelivery): string {
  if (delivery === 'fontconfig') return '';
  return fonts
    .map((font) => {
      const src = delivery === 'inline' ? `data:font/woff2;base64,${font.woff2.toString('base64')}` : fontUrl(font);
      return `@font-face{font-family:Sarabun;font-style:normal;font-weight:${font.weight};src:url(${src}) format('woff2');unicode-range:${font.unicodeRange}}`;
    })
    .join('\n');
}

/** The fonts as in-memory assets for the `served` delivery, by URL. */
export function fontAssets(fonts: FontFile[]): Map<string, Asset> {
  return new Map(fonts.map((font) => [fontUrl(font), { contentType: 'font/woff2', body: font.woff2 }]));
}

/**
 * A fontconfig whose only fonts are Sarabun's, for Chromium's environment: whatever a page asks for, and whatever
 * character falls outside every web font's range, the fallback is Sarabun (or a blank glyph), never a system
 * font. Returns the FONTCONFIG_FILE to set.
 */
export function writePrivateFontconfig(dir: string, fonts: FontFile[]): string {
  const fontDir = join(dir, 'fonts');
  mkdirSync(fontDir, { recursive: true });
  for (const font of fonts) writeFileSync(join(fontDir, `${font.name}.ttf`), woffToSfnt(font.woff));
  const prefer = (generic: string) => `<alias><family>${generic}</family><prefer><family>Sarabun latin</family><family>Sarabun thai</family></prefer></alias>`;
  // Each subset file becomes a family of its own (see fontFamily); the files themselves are not modified.
  const rename = (font: FontFile) =>
    `<match target="scan"><test name="file"><string>${join(fontDir, `${font.name}.ttf`)}</string></test>` +
    `<edit name="family" mode="assign" binding="same"><string>${subsetFamily(font)}</string></edit></match>`;
  const file = join(dir, 'fonts.conf');
  writeFileSync(
    file,
    `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n<fontconfig><dir>${fontDir}</dir>` +
      `<cachedir>${join(dir, 'fontconfig-cache')}</cachedir>${fonts.map(rename).join('')}` +
      `${['serif', 'sans-serif', 'monospace', 'Sarabun'].map(prefer).join('')}</fontconfig>\n`,
  );
  return file;
}
