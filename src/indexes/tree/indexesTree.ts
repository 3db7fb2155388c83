import vscode = require('vscode');
import { isTwelveLabsError } from '../../api/errors';
import type { Index, IndexFilters, PageInfo, Video } from '../../api/types';
import { CommandIds } from '../../common/commandIds';
import { presentError, type ErrorPresentation } from '../../common/presentError';
import type { IndexContextKeys } from '../contextKeys';
import type { IndexFeatureDeps } from '../deps';
import type { IndexChildContributor } from './contract';
import type { LoadMoreResult, RefreshResult } from '../results';
import { IndexNode } from './indexNode';
import { LoadMoreNode, type LoadMoreScope } from './loadMoreNode';
import { MessageNode } from './messageNode';
import type { TreeNode } from './treeNode';
import { VideoNode } from './videoNode';

/** Indexes per request: the server's maximum, so "Load more…" is rarely needed. */
export const INDEX_PAGE_SIZE = 50;
export const VIDEO_PAGE_SIZE = 20;

interface Listing<T> {
  items: T[];
  pageInfo: PageInfo;
  pagesLoaded: number;
}

type RootState =
  /** Nothing loaded, or invalidated: the next `getChildren` (i.e. the view being shown) loads. */
  | { kind: 'stale' }
  | { kind: 'noKey' }
  | ({ kind: 'loaded' } & Listing<Index>)
  | { kind: 'error'; presentation: ErrorPresentation };

type VideoState = ({ kind: 'loaded' } & Listing<Video>) | { kind: 'error'; presentation: ErrorPresentation };

/**
 * The data behind the `twelvelabs.indexes` view. The first page appears after exactly one request;
 * more come from "Load more…" nodes. Loads only when VS Code asks for children (the view is visible)
 * or a command asks; never on a timer.
 */
export class IndexesTree implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  private root: RootState = { kind: 'stale' };
  private rootLoad: Promise<RefreshResult> | undefined;
  private controller: AbortController | undefined;
  /** Bumped by every invalidation; a load that finishes under an older generation is discarded. */
  private generation = 0;
  private filterText: string | undefined;
  private readonly videos = new Map<string, VideoState>();
  private readonly videoLoads = new Map<string, Promise<LoadMoreResult>>();
  private nodes = new Map<string, IndexNode>();
  private view: vscode.TreeView<TreeNode> | undefined;
  private contributor: IndexChildContributor | undefined;

  constructor(
    private readonly deps: IndexFeatureDeps,
    private readonly contextKeys: IndexContextKeys,
    private readonly now: () => number = Date.now,
  ) {}

  attach(view: vscode.TreeView<TreeNode>): void {
    this.view = view;
  }

  /** Another feature's nodes above each index's videos. A change re-reads the tree from memory: no request. */
  setChildContributor(contributor: IndexChildContributor): vscode.Disposable {
    this.contributor = contributor;
    return contributor.onDidChange(() => this.changed.fire(undefined));
  }

  get filter(): string | undefined {
    return this.filterText;
  }

  get visible(): boolean {
    return this.view?.visible ?? false;
  }

  // ---- TreeDataProvider ----------------------------------------------------------------------

  getTreeItem(element: TreeNode): vscode.TreeItem {
    return element;
  }

  async getChildren(element?: TreeNode): Promise<TreeNode[]> {
    if (!element) {
      if (this.root.kind === 'stale') {
        await this.ensureRootLoad(false);
      }
      return this.rootNodes();
    }
    if (element.kind === 'index') {
      const id = element.index._id;
      if (!this.videos.has(id)) {
        await this.loadVideos(id, false);
      }
      return [...(this.contributor?.childrenOf(id) ?? []), ...this.videoNodes(id)];
    }
    return [];
  }

  getParent(element: TreeNode): TreeNode | undefined {
    if (element.kind === 'video' || element.kind === 'contributed') {
      return this.nodes.get(element.indexId);
    }
    if (element.kind === 'loadMore' && element.scope.kind === 'videos') {
      return this.nodes.get(element.scope.indexId);
    }
    return undefined;
  }

  // ---- what commands and the feature call ---------------------------------------------------

  /**
   * Reloads page 1 now (one request) and shows it. `joinInFlight` (the Refresh command) answers with a
   * load already under way instead of aborting it for a new one: a burst of clicks is then one GET.
   * Every change that makes a running load outdated (key, URL, filter, a mutation) starts its own.
   */
  async refresh(options: { joinInFlight?: boolean } = {}): Promise<RefreshResult> {
    if (options.joinInFlight && this.rootLoad) {
      return this.rootLoad;
    }
    this.invalidateState();
    return this.ensureRootLoad(true);
  }

  /**
   * The key or the base URL changed: reload if the view is visible, otherwise only forget what was
   * loaded, so that the next time the view is shown it loads afresh. Nothing is fetched while hidden.
   */
  invalidate(): void {
    if (this.visible) {
      void this.refresh();
      return;
    }
    this.invalidateState();
    this.changed.fire(undefined);
  }

  /** The view became visible: if it went stale while hidden, ask VS Code to fetch the root again. */
  onBecameVisible(): void {
    if (this.root.kind === 'stale' && !this.rootLoad) {
      this.changed.fire(undefined);
    }
  }

  async setFilter(text: string | undefined): Promise<RefreshResult> {
    const normalized = text?.trim() || undefined;
    this.filterText = normalized;
    this.contextKeys.set('indexFilterActive', normalized !== undefined);
    return this.refresh();
  }

  async loadMore(scope: LoadMoreScope): Promise<LoadMoreResult> {
    return scope.kind === 'indexes' ? this.loadMoreIndexes() : this.loadVideos(scope.indexId, true);
  }

  /** Currently loaded index (by id), if any. */
  findIndex(indexId: string): Index | undefined {
    return this.root.kind === 'loaded' ? this.root.items.find((index) => index._id === indexId) : undefined;
  }

  indexNode(indexId: string): IndexNode | undefined {
    if (!this.nodes.has(indexId)) {
      // Nodes are built when the view asks; a command may come first.
      this.rootNodes();
    }
    return this.nodes.get(indexId);
  }

  /** After a successful rename: update the node in place, no request. */
  applyRename(indexId: string, newName: string): void {
    this.updateIndex(indexId, (index) => ({ ...index, index_name: newName, updated_at: new Date(this.now()).toISOString() }));
  }

  /** After a successful delete. */
  applyDelete(indexId: string): void {
    if (this.root.kind !== 'loaded') {
      return;
    }
    const before = this.root.items.length;
    this.root.items = this.root.items.filter((index) => index._id !== indexId);
    if (this.root.items.length < before) {
      this.root.pageInfo = { ...this.root.pageInfo, total_results: Math.max(0, this.root.pageInfo.total_results - 1) };
    }
    this.videos.delete(indexId);
    this.afterRootChange();
  }

  /** After Create Index: reload page 1 and, if the new index is not on it (filter, sort), add it on top. */
  async showCreated(indexId: string): Promise<void> {
    await this.refresh();
    if (this.root.kind === 'loaded' && !this.root.items.some((index) => index._id === indexId)) {
      try {
        const index = await (await this.deps.api.get()).getIndex(indexId);
        if (this.root.kind === 'loaded' && !this.root.items.some((entry) => entry._id === indexId)) {
          this.root.items.unshift(index);
          this.root.pageInfo = { ...this.root.pageInfo, total_results: this.root.pageInfo.total_results + 1 };
          this.afterRootChange();
        }
      } catch (error) {
        this.deps.logger.warn('Could not fetch the new index to show it', error);
      }
    }
    await this.reveal(indexId);
  }

  async reveal(indexId: string): Promise<boolean> {
    this.rootNodes();
    const node = this.nodes.get(indexId);
    if (!node || !this.view) {
      return false;
    }
    try {
      await this.view.reveal(node, { select: true, focus: true, expand: false });
      return true;
    } catch (error) {
      this.deps.logger.debug('Could not reveal the index', error);
      return false;
    }
  }

  /** Snapshots for the test API: root nodes without loading, and an index's children. */
  currentRootNodes(): TreeNode[] {
    return this.rootNodes();
  }

  dispose(): void {
    this.controller?.abort();
    this.changed.dispose();
  }

  // ---- loading ------------------------------------------------------------------------------

  private invalidateState(): void {
    this.generation++;
    this.controller?.abort();
    this.controller = undefined;
    this.rootLoad = undefined;
    this.root = { kind: 'stale' };
    this.videos.clear();
    this.videoLoads.clear();
  }

  /** One load of page 1 at a time; concurrent callers share it. */
  private ensureRootLoad(notify: boolean): Promise<RefreshResult> {
    if (!this.rootLoad) {
      const load = this.loadRoot(notify);
      this.rootLoad = load;
      void load.finally(() => {
        if (this.rootLoad === load) {
          this.rootLoad = undefined;
        }
      });
    }
    return this.rootLoad;
  }

  private async loadRoot(notify: boolean): Promise<RefreshResult> {
    const generation = this.generation;
    const controller = new AbortController();
    this.controller = controller;
    let result: RefreshResult;
    try {
      const client = await this.deps.api.get();
      const page = await client.listIndexes(1, INDEX_PAGE_SIZE, this.filters(), { signal: controller.signal });
      if (generation !== this.generation) {
        return this.superseded();
      }
      this.root = { kind: 'loaded', items: dedupe(page.data), pageInfo: page.page_info, pagesLoaded: 1 };
      result = { outcome: 'loaded', shown: this.root.items.length, total: page.page_info.total_results, filter: this.filterText };
    } catch (error) {
      if (generation !== this.generation) {
        return this.superseded();
      }
      if (isTwelveLabsError(error) && error.kind === 'noKey' && error.code === 'api_key_missing') {
        this.root = { kind: 'noKey' };
        result = { outcome: 'noKey' };
      } else {
        const presentation = presentError(vscode.l10n.t('Could not load indexes'), error, {
          title: vscode.l10n.t('Retry'),
          command: CommandIds.refreshIndexes,
        });
        this.deps.logger.warn(`Loading indexes failed: ${presentation.info.code}`, presentation.info.message);
        this.root = { kind: 'error', presentation };
        result = { outcome: 'failed', error: presentation.info };
      }
    }
    this.afterRootChange(notify);
    return result;
  }

  /** A load overtaken by an invalidation: answer with the newer load, if any; never start one (the view may be hidden). */
  private superseded(): Promise<RefreshResult> {
    return (
      this.rootLoad ??
      Promise.resolve<RefreshResult>({
        outcome: 'failed',
        error: { kind: 'cancelled', status: 0, code: 'cancelled', message: vscode.l10n.t('Superseded by a newer refresh.') },
      })
    );
  }

  private async loadMoreIndexes(): Promise<LoadMoreResult> {
    const root = this.root;
    if (root.kind !== 'loaded' || !hasMore(root)) {
      return { outcome: 'nothingMore' };
    }
    const generation = this.generation;
    try {
      const client = await this.deps.api.get();
      const page = await client.listIndexes(root.pagesLoaded + 1, INDEX_PAGE_SIZE, this.filters(), {
        signal: this.controller?.signal,
      });
      if (generation !== this.generation || this.root !== root) {
        return { outcome: 'nothingMore' };
      }
      const before = root.items.length;
      root.items = dedupe([...root.items, ...page.data]);
      root.pagesLoaded++;
      root.pageInfo = page.page_info;
      this.afterRootChange();
      return { outcome: 'loaded', scope: 'indexes', added: root.items.length - before, shown: root.items.length, total: root.pageInfo.total_results };
    } catch (error) {
      const presentation = presentError(vscode.l10n.t('Could not load more indexes'), error, {
        title: vscode.l10n.t('Retry'),
        command: CommandIds.loadMore,
        arguments: [{ kind: 'indexes' } satisfies LoadMoreScope],
      });
      return { outcome: 'failed', error: presentation.info };
    }
  }

  private loadVideos(indexId: string, more: boolean): Promise<LoadMoreResult> {
    const pending = this.videoLoads.get(indexId);
    if (pending) {
      return pending;
    }
    const load = this.fetchVideos(indexId, more);
    this.videoLoads.set(indexId, load);
    void load.finally(() => {
      if (this.videoLoads.get(indexId) === load) {
        this.videoLoads.delete(indexId);
      }
    });
    return load;
  }

  private async fetchVideos(indexId: string, more: boolean): Promise<LoadMoreResult> {
    const generation = this.generation;
    const current = this.videos.get(indexId);
    const loaded = current?.kind === 'loaded' ? current : undefined;
    if (more && loaded && !hasMore(loaded)) {
      return { outcome: 'nothingMore' };
    }
    const page = more && loaded ? loaded.pagesLoaded + 1 : 1;
    try {
      const client = await this.deps.api.get();
      const result = await client.listVideos(indexId, page, VIDEO_PAGE_SIZE, { signal: this.controller?.signal });
      if (generation !== this.generation) {
        return { outcome: 'nothingMore' };
      }
      const items = loaded && page > 1 ? dedupe([...loaded.items, ...result.data]) : dedupe(result.data);
      const added = items.length - (page > 1 && loaded ? loaded.items.length : 0);
      this.videos.set(indexId, { kind: 'loaded', items, pageInfo: result.page_info, pagesLoaded: page });
      if (more) {
        this.fireFor(indexId);
      }
      return { outcome: 'loaded', scope: 'videos', indexId, added, shown: items.length, total: result.page_info.total_results };
    } catch (error) {
      if (generation !== this.generation) {
        return { outcome: 'nothingMore' };
      }
      const presentation = presentError(vscode.l10n.t('Could not load videos'), error, {
        title: vscode.l10n.t('Retry'),
        command: CommandIds.loadMore,
        arguments: [{ kind: 'videos', indexId } satisfies LoadMoreScope],
      });
      if (!loaded) {
        this.videos.set(indexId, { kind: 'error', presentation });
      }
      if (more) {
        this.fireFor(indexId);
      }
      return { outcome: 'failed', error: presentation.info };
    }
  }

  // ---- building nodes -----------------------------------------------------------------------

  private rootNodes(): TreeNode[] {
    const root = this.root;
    switch (root.kind) {
      case 'stale':
      case 'noKey':
        // Empty: the `viewsWelcome` content for "no key" shows.
        this.nodes = new Map();
        return [];
      case 'error': {
        this.nodes = new Map();
        return root.presentation.actions.map(
          (action, i) =>
            new MessageNode(`error:${i}`, action.title, {
              icon: actionIcon(action.command),
              command: { command: action.command, title: action.title, arguments: action.arguments },
              tooltip: root.presentation.message,
            }),
        );
      }
      case 'loaded': {
        const now = this.now();
        const nodes = new Map<string, IndexNode>();
        const items: TreeNode[] = root.items.map((index) => {
          const node = new IndexNode(index, now);
          if (node.collapsibleState === vscode.TreeItemCollapsibleState.None && (this.contributor?.childrenOf(index._id).length ?? 0) > 0) {
            node.collapsibleState = vscode.TreeItemCollapsibleState.Expanded;
          }
          nodes.set(index._id, node);
          return node;
        });
        this.nodes = nodes;
        if (root.items.length === 0 && this.filterText !== undefined) {
          items.push(
            new MessageNode('filter:none', vscode.l10n.t('No index name contains “{0}”', this.filterText), {
              icon: 'filter',
              description: vscode.l10n.t('Clear filter'),
              command: { command: CommandIds.clearIndexFilter, title: vscode.l10n.t('Clear Index Filter') },
            }),
          );
        }
        if (hasMore(root)) {
          items.push(new LoadMoreNode({ kind: 'indexes' }, root.items.length, root.pageInfo.total_results));
        }
        return items;
      }
    }
  }

  private videoNodes(indexId: string): TreeNode[] {
    const state = this.videos.get(indexId);
    if (!state) {
      return [];
    }
    if (state.kind === 'error') {
      const retry = state.presentation.actions[0];
      return [
        new MessageNode(`${indexId}/error`, state.presentation.message, {
          icon: 'error',
          tooltip: state.presentation.message,
          command: retry ? { command: retry.command, title: retry.title, arguments: retry.arguments } : undefined,
        }),
      ];
    }
    const nodes: TreeNode[] = state.items.map((video) => new VideoNode(indexId, video));
    if (state.items.length === 0) {
      nodes.push(new MessageNode(`${indexId}/empty`, vscode.l10n.t('No videos yet'), { icon: 'info' }));
    }
    if (hasMore(state)) {
      nodes.push(new LoadMoreNode({ kind: 'videos', indexId }, state.items.length, state.pageInfo.total_results));
    }
    return nodes;
  }

  private afterRootChange(notify = true): void {
    const root = this.root;
    this.contextKeys.set('indexesLoaded', root.kind === 'loaded');
    this.contextKeys.set(
      'hasIndexes',
      root.kind === 'loaded' && (root.items.length > 0 || root.pageInfo.total_results > 0 || this.filterText !== undefined),
    );
    if (this.view) {
      this.view.message = this.viewMessage();
      this.view.description = this.filterText !== undefined ? vscode.l10n.t('name contains “{0}”', this.filterText) : undefined;
    }
    if (notify) {
      this.changed.fire(undefined);
    }
  }

  viewMessage(): string | undefined {
    return this.root.kind === 'error' ? this.root.presentation.message : undefined;
  }

  private fireFor(indexId: string): void {
    const node = this.nodes.get(indexId);
    this.changed.fire(node);
  }

  private updateIndex(indexId: string, update: (index: Index) => Index): void {
    if (this.root.kind !== 'loaded') {
      return;
    }
    this.root.items = this.root.items.map((index) => (index._id === indexId ? update(index) : index));
    this.afterRootChange();
  }

  private filters(): IndexFilters {
    return this.filterText !== undefined ? { indexName: this.filterText } : {};
  }
}

function hasMore(listing: Listing<unknown>): boolean {
  return listing.items.length < listing.pageInfo.total_results && listing.pagesLoaded < listing.pageInfo.total_page;
}

function dedupe<T extends { _id: string }>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => (seen.has(item._id) ? false : (seen.add(item._id), true)));
}

function actionIcon(command: string): string {
  switch (command) {
    case CommandIds.rotateApiKey:
    case CommandIds.setApiKey:
      return 'key';
    case CommandIds.refreshIndexes:
    case CommandIds.loadMore:
      return 'refresh';
    default:
      return 'arrow-right';
  }
}
