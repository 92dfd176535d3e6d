import sanitizeHtml from 'sanitize-html';

/**
 * Rich text in reports is HTML restricted to paragraphs, lists, bold and underline (what the seeds contain).
 * Harmless formatting outside the allowlist (spans, styles, fonts pasted from Word) is dropped silently;
 * anything that could run or load something is refused, so the author learns that the text was not accepted.
 */
const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'ol', 'ul', 'li', 'strong', 'b', 'u'],
  allowedAttributes: {},
  allowedClasses: { ol: ['plain'] },
  disallowedTagsMode: 'discard',
  allowVulnerableTags: false,
};

const DANGEROUS_TAGS = new Set([
  'script', 'style', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'link', 'meta', 'base', 'form',
  'input', 'button', 'textarea', 'select', 'svg', 'math', 'img', 'video', 'audio', 'source', 'picture', 'template',
]);
const DANGEROUS_VALUE = /^\s*(?:javascript|vbscript|data):|url\s*\(|expression\s*\(/i;

export interface SanitizedRichText {
  html: string;
  /** Why the input was refused, if it was. */
  refused: string | null;
}

export function sanitizeRichText(input: string): SanitizedRichText {
  let refused: string | null = null;
  const html = sanitizeHtml(input, {
    ...OPTIONS,
    onOpenTag: (name, attributes) => {
      if (refused) return;
      if (DANGEROUS_TAGS.has(name)) refused = `<${name}>`;
      for (const [attribute, value] of Object.entries(attributes)) {
        if (/^on/i.test(attribute)) refused ??= `${attribute}=`;
        else if (DANGEROUS_VALUE.test(value)) refused ??= `${attribute}="${value.slice(0, 20)}"`;
      }
    },
  });
  return { html: html.trim(), refused };
}

/** The text of a rich-text value, for search and for checks: tags removed, entities decoded, spaces collapsed. */
export function richTextToPlain(html: string): string {
  return sanitizeHtml(html.replace(/<\/(p|li)>|<br\s*\/?>/gi, ' '), { allowedTags: [], allowedAttributes: {} })
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * How many characters a reader sees in sanitized rich text: tags not counted, an entity counted as the one character
 * it stands for, runs of white space as one. Cheap (no parser): it runs on every rich-text field of every save.
 */
export function visibleLength(html: string): number {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(?:#x[0-9a-f]+|#\d+|[a-z]+);/gi, '_')
    .replace(/\s+/g, ' ')
    .trim().length;
}
