import type { Page } from '../common/pagination';

/** Links to a list page's neighbours, for templates/pages/partials/pager.hbs. */
export interface PagerLinks {
  /** What the list is, for the navigation's accessible name. */
  label: string;
  previous: string | null;
  next: string | null;
}

/** A cursor from a page's query string: one text value, or none (a repeated or missing parameter is the first page). */
export function cursorParam(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The same path and filters with the page's `next` / `previous` cursor in `param`; `anchor` brings the reader back
 * to the list's section of a page with several lists.
 */
export function pagerLinks(
  label: string,
  path: string,
  filters: Record<string, string | number | null | undefined>,
  page: Pick<Page<unknown>, 'next' | 'previous'>,
  { param = 'cursor', anchor = '' }: { param?: string; anchor?: string } = {},
): PagerLinks {
  const href = (cursor: string | null) => {
    if (!cursor) return null;
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(filters)) if (value !== undefined && value !== null && value !== '') query.set(key, String(value));
    query.set(param, cursor);
    return `${path}?${query.toString()}${anchor ? `#${anchor}` : ''}`;
  };
  return { label, previous: href(page.previous), next: href(page.next) };
}
