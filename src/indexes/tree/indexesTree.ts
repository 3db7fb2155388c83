import vscode = require('vscode');
import { localeDateFormatters } from '../../common/dateFormat';
import type { IndexedAsset, UserMetadata } from '../../api/assetTypes';
import type { Index } from '../../api/types';
import { systemClock, type Clock } from '../../common/clock';
import type { IndexContextKeys } from '../contextKeys';
import type { IndexFeatureDeps } from '../deps';
import type { LoadMoreResult, RefreshResult } from '../results';
import type { IndexChildContributor, IndexTreeHooks } from './contract';
import { IndexListing, type LoadMoreScope } from './indexListing';
import { IndexesTreeProvider } from './indexesTreeProvider';
import { IndexesViewChrome } from './indexesViewChrome';
import type { IndexNode } from './indexNode';
import { presentListingFailure } from './listingFailures';
import type { TreeNode } from './treeNode';

/**
 * The `twelvelabs.indexes` view: the listing (what is loaded), the provider (its nodes) and the
 * chrome (message, description, context keys), put together. The first page appears after exactly
 * one request; more come from "Load more…" nodes. Loads only when VS Code asks for children (the
 * view is visible) or a command asks; never on a timer.
 */
const MAX_PAGES_TO_FIND_A_VIDEO = 5;

export class IndexesTree implements vscode.TreeDataProvider<TreeNode>, IndexTreeHooks, vscode.Disposable {
  readonly onDidChangeTreeData: vscode.Event<TreeNode | undefined>;
  private readonly listing: IndexListing;
  private readonly provider: IndexesTreeProvider;
  private readonly chrome: IndexesViewChrome;
  private view: vscode.TreeView<TreeNode> | undefined;

  constructor(
    private readonly deps: IndexFeatureDeps,
    contextKeys: IndexContextKeys,
    clock: Clock = systemClock,
  ) {
    this.listing = new IndexListing({
      client: () => deps.api.get(),
      clock,
      logger: deps.logger,
      l10n: vscode.l10n,
      presentFailure: presentListingFailure,
    });
    this.provider = new IndexesTreeProvider(this.listing, clock, localeDateFormatters(vscode.env.language).dateTime);
    this.chrome = new IndexesViewChrome(this.listing, contextKeys);
    this.onDidChangeTreeData = this.provider.onDidChangeTreeData;
  }

  attach(view: vscode.TreeView<TreeNode>): void {
    this.view = view;
    this.chrome.attach(view);
  }

  get filter(): string | undefined {
    return this.listing.filter;
  }

  get visible(): boolean {
    return this.view?.visible ?? false;
  }

  // ---- TreeDataProvider ----------------------------------------------------------------------

  getTreeItem(element: TreeNode): vscode.TreeItem {
    return this.provider.getTreeItem(element);
  }

  getChildren(element?: TreeNode): Promise<TreeNode[]> {
    return this.provider.getChildren(element);
  }

  getParent(element: TreeNode): TreeNode | undefined {
    return this.provider.getParent(element);
  }

  resolveTreeItem<I extends vscode.TreeItem>(item: I, element: TreeNode): I {
    return this.provider.resolveTreeItem(item, element);
  }

  // ---- what commands, other features and the feature's wiring call --------------------------

  setChildContributor(contributor: IndexChildContributor): vscode.Disposable {
    return this.provider.setChildContributor(contributor);
  }

  /**
   * Reloads page 1 now (one request) and shows it. `joinInFlight` (the Refresh command) answers with a
   * load already under way instead of aborting it for a new one: a burst of clicks is then one GET.
   */
  refresh(options: { joinInFlight?: boolean } = {}): Promise<RefreshResult> {
    return this.listing.refresh(options);
  }

  /**
   * The key or the base URL changed: reload if the view is visible, otherwise only forget what was
   * loaded, so that the next time the view is shown it loads afresh. Nothing is fetched while hidden.
   */
  invalidate(): void {
    if (this.visible) {
      void this.listing.refresh();
    } else {
      this.listing.forget();
    }
  }

  /** The view became visible: if it went stale while hidden, ask VS Code to read the root again. */
  onBecameVisible(): void {
    if (this.listing.needsFirstPage) {
      this.provider.reread();
    }
  }

  loadedIndexes(): { id: string; name: string }[] | undefined {
    const state = this.listing.indexes;
    return state.kind === 'loaded' ? state.items.map((index) => ({ id: index._id, name: index.index_name })) : undefined;
  }

  selectedIndexId(): string | undefined {
    const [node] = this.view?.selection ?? [];
    if (!node) {
      return undefined;
    }
    return node.kind === 'index' ? node.index._id : 'indexId' in node && typeof node.indexId === 'string' ? node.indexId : undefined;
  }

  /** Resolves once no page 1 is loading: what the view shows is what the server last said. */
  settled(): Promise<void> {
    return this.listing.settled();
  }

  setFilter(text: string | undefined): Promise<RefreshResult> {
    return this.listing.setFilter(text);
  }

  loadMore(scope: LoadMoreScope): Promise<LoadMoreResult> {
    return this.listing.loadMore(scope);
  }

  /** Currently loaded index (by id), if any. */
  findIndex(indexId: string): Index | undefined {
    return this.listing.findIndex(indexId);
  }

  indexNode(indexId: string): IndexNode | undefined {
    return this.provider.indexNode(indexId);
  }

  /** A video of the index as last listed, if it is loaded. */
  findVideo(indexId: string, videoId: string): IndexedAsset | undefined {
    return this.listing.findVideo(indexId, videoId);
  }

  applyVideoMetadata(indexId: string, videoId: string, metadata: UserMetadata): void {
    this.listing.applyVideoMetadata(indexId, videoId, metadata);
  }

  applyVideoDelete(indexId: string, deleted: IndexedAsset): void {
    this.listing.applyVideoDelete(indexId, deleted);
  }

  applyRename(indexId: string, newName: string): void {
    this.listing.applyRename(indexId, newName);
  }

  applyDelete(indexId: string): void {
    this.listing.applyDelete(indexId);
  }

  async showCreated(indexId: string): Promise<void> {
    await this.listing.showCreated(indexId);
    await this.reveal(indexId);
  }

  async reveal(indexId: string, options: { expand?: boolean } = {}): Promise<boolean> {
    const node = this.provider.indexNode(indexId);
    if (!node || !this.view) {
      return false;
    }
    try {
      await this.view.reveal(node, { select: true, focus: true, expand: options.expand ?? false });
      return true;
    } catch (error) {
      this.deps.logger.debug('Could not reveal the index', error);
      return false;
    }
  }

  async revealVideo(indexId: string, videoId: string): Promise<boolean> {
    if (!this.provider.indexNode(indexId) || !this.view) {
      return false;
    }
    const isLoaded = () => {
      const videos = this.listing.videosOf(indexId);
      return videos?.kind === 'loaded' && videos.items.some((video) => video._id === videoId);
    };
    if (!this.listing.videosOf(indexId)) {
      await this.listing.loadVideos(indexId);
    }
    // A new video is usually on the first page; a few more pages are worth a look, the whole index is not.
    for (let page = 0; page < MAX_PAGES_TO_FIND_A_VIDEO && !isLoaded(); page++) {
      if ((await this.listing.loadMore({ kind: 'videos', indexId })).outcome !== 'loaded') {
        break;
      }
    }
    await this.reveal(indexId, { expand: true });
    const node = this.provider.videoNode(indexId, videoId);
    if (!node) {
      return false;
    }
    try {
      await this.view.reveal(node, { select: true, focus: true });
      return true;
    } catch (error) {
      this.deps.logger.debug('Could not reveal the video', error);
      return false;
    }
  }

  dispose(): void {
    this.chrome.dispose();
    this.provider.dispose();
    this.listing.dispose();
  }
}
