/**
 * The view's state lives in the URL (path = view, query = its settings), so any view can be
 * shared or bookmarked; the server answers index.html on each view's path.
 */
import { useSyncExternalStore } from 'react';

export const VIEWS = ['refusals', 'agency', 'quality', 'rankings'] as const;
export type View = (typeof VIEWS)[number];

export interface Route {
  view: View;
  params: URLSearchParams;
}

const CHANGE = 'gongkai:navigate';

export function parseRoute(pathname: string, search: string): Route {
  const name = pathname.replace(/^\/+|\/+$/g, '');
  const view = (VIEWS as readonly string[]).includes(name) ? (name as View) : 'refusals';
  return { view, params: new URLSearchParams(search) };
}

/** A URL of a view with these settings (empty values left out, keys in a stable order). */
export function href(
  view: View,
  params: Record<string, string | number | boolean | null | undefined>,
): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params).sort(([a], [b]) => a.localeCompare(b))) {
    if (v != null && v !== '' && v !== false) q.set(k, v === true ? '1' : String(v));
  }
  const s = q.toString();
  return `/${view}${s ? `?${s}` : ''}`;
}

export function navigate(url: string, replace = false): void {
  if (url === location.pathname + location.search) return;
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  window.dispatchEvent(new Event(CHANGE));
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(CHANGE, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(CHANGE, onChange);
  };
}

const snapshot = () => location.pathname + location.search;

export function useRoute(): Route {
  const url = useSyncExternalStore(subscribe, snapshot);
  const i = url.indexOf('?');
  return parseRoute(i < 0 ? url : url.slice(0, i), i < 0 ? '' : url.slice(i));
}

/** The current settings with some changed: the URL to go to. */
export function withParams(
  route: Route,
  changes: Record<string, string | number | boolean | null | undefined>,
): string {
  return href(route.view, { ...Object.fromEntries(route.params), ...changes });
}
