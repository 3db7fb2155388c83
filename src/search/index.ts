import vscode = require('vscode');
import type { ApiClientProvider } from '../api/provider';
import { SEARCH_VIEW_ID } from '../common/commandIds';
import type { Logger } from '../common/logging/logger';
import type { Notifier } from '../common/notifier';
import type { WebviewTap } from '../common/webviewHtml';
import type { IndexTreeHooks } from '../indexes';
import { registerSearchIndex } from './searchIndex';
import type { SearchView } from './searchView';

export interface SearchFeatureInput {
  api: ApiClientProvider;
  apiUrl: () => string;
  resultsPerPage: () => number;
  hasKey: () => Promise<boolean>;
  /** Fires when a key is stored after none, or goes away. */
  onKeyPresence: (listener: (present: boolean) => void) => vscode.Disposable;
  onApiUrlChange: (listener: () => void) => vscode.Disposable;
  tree: IndexTreeHooks;
  notifier: Notifier;
  logger: Logger;
  tap?: WebviewTap;
}

export interface SearchFeatures {
  /** The view's host, once the view was first shown (or Search This Index ran). */
  loaded(): SearchView | undefined;
}

/**
 * The Search view and "Search This Index". The view's host (searchView.js, a bundle of its own) loads
 * when the view is first shown; the webview's script with it.
 */
export function registerSearchFeatures(context: vscode.ExtensionContext, input: SearchFeatureInput): SearchFeatures {
  let view: SearchView | undefined;
  let loading: Promise<SearchView> | undefined;
  const load = (): Promise<SearchView> =>
    (loading ??= import('./searchView.js').then((bundle) => {
      view = new bundle.SearchView({
        extensionUri: context.extensionUri,
        api: input.api,
        apiUrl: input.apiUrl,
        resultsPerPage: input.resultsPerPage,
        hasKey: input.hasKey,
        tree: input.tree,
        notifier: input.notifier,
        logger: input.logger,
        workspaceState: context.workspaceState,
        tap: input.tap,
      });
      context.subscriptions.push(view);
      return view;
    }));
  context.subscriptions.push(
    vscode.window.registerWebviewViewProvider(SEARCH_VIEW_ID, {
      resolveWebviewView: async (webviewView) => (await load()).resolveWebviewView(webviewView),
    }),
    registerSearchIndex(async (indexId) => (await load()).showFor(indexId)),
    input.onKeyPresence(() => view?.reset()),
    input.onApiUrlChange(() => view?.reset()),
  );
  return { loaded: () => view };
}
