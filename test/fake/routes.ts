// The route table. Each endpoint is one row; a new resource (tasks for uploads) adds rows and a
// handler module, without touching the server loop.
import type { IncomingHttpHeaders } from 'node:http';
import { analyzeRoutes, type AnalyzeBook } from './analyze';
import { assetRoutes, type AssetBook } from './assets';
import type { Outcome, ParsedBody } from './http';
import { indexedAssetRoutes, type IndexedAssetBook } from './indexedAssets';
import { indexRoutes } from './indexes';
import { multipartRoutes, type MultipartBook } from './multipart';
import { searchRoutes, type SearchBook } from './search';
import type { FakeStore } from './state';
import { taskRoutes, type TaskBook } from './tasks';

/** Server settings handlers need; resolved from FakeServerOptions once at start. */
export interface HandlerSettings {
  models: string[];
  notFoundStatus: 400 | 404;
  malformedIdError: 'resource_not_exist' | 'parameter_invalid';
  rejectUnknownFields: boolean;
  plan: 'free' | 'developer';
  /** The code for indexing an asset that is not ready [?]. */
  notReadyAssetError: 'parameter_invalid' | 'asset_not_ready';
}

export interface RouteContext {
  method: string;
  /** Path after the /v1.3 prefix. */
  path: string;
  /** Decoded `:name` segments of the pattern. */
  params: Record<string, string>;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  body: ParsedBody;
  store: FakeStore;
  tasks: TaskBook;
  assets: AssetBook;
  multipart: MultipartBook;
  indexedAssets: IndexedAssetBook;
  search: SearchBook;
  analyze: AnalyzeBook;
  settings: HandlerSettings;
  now: () => Date;
}

export type Handler = (ctx: RouteContext) => Outcome | Promise<Outcome>;

export interface Route {
  method: string;
  /** Path after the prefix; `:name` captures one segment. No trailing slash: the fake does not forgive one. */
  pattern: string;
  handler: Handler;
}

export const routes: Route[] = [
  ...indexRoutes,
  ...indexedAssetRoutes,
  ...taskRoutes,
  ...multipartRoutes,
  ...assetRoutes,
  ...searchRoutes,
  ...analyzeRoutes,
];

interface CompiledRoute extends Route {
  regex: RegExp;
  names: string[];
  /** Literal segments: `/assets/multipart-uploads` must not be taken for the asset id `multipart-uploads`. */
  literals: number;
}

export type RouteMatch =
  | { kind: 'found'; route: Route; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allow: string[] }
  | { kind: 'not-found' };

export class Router {
  private readonly compiled: CompiledRoute[];

  constructor(table: Route[]) {
    this.compiled = table.map((r) => {
      const names: string[] = [];
      const source = r.pattern
        .split('/')
        .map((segment) => {
          if (segment.startsWith(':')) {
            names.push(segment.slice(1));
            return '([^/]+)';
          }
          return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        })
        .join('/');
      const literals = r.pattern.split('/').filter((segment) => segment !== '' && !segment.startsWith(':')).length;
      return { ...r, method: r.method.toUpperCase(), regex: new RegExp(`^${source}$`), names, literals };
    });
  }

  /** Among the patterns that match the path, only the most literal ones count, as in the spec's own path resolution. */
  match(method: string, path: string): RouteMatch {
    const matching = this.compiled.map((route) => ({ route, m: route.regex.exec(path) })).filter((x) => x.m !== null);
    const best = Math.max(...matching.map((x) => x.route.literals));
    const allow: string[] = [];
    for (const { route, m } of matching) {
      if (route.literals !== best || !m) continue;
      if (route.method !== method.toUpperCase()) {
        allow.push(route.method);
        continue;
      }
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => {
        params[name] = safeDecode(m[i + 1]);
      });
      return { kind: 'found', route, params };
    }
    return allow.length > 0 ? { kind: 'method-not-allowed', allow } : { kind: 'not-found' };
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
