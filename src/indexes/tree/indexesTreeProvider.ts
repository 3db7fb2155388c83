import vscode = require('vscode');
import type { IndexedAsset } from '../../api/assetTypes';
import type { Index } from '../../api/types';
import type { Clock } from '../../common/clock';
import { CommandIds } from '../../common/commandIds';
import type { ErrorPresentation } from '../../common/presentError';
import type { IndexChildContributor } from './contract';
import { hasMore, type IndexListing, type ListingChange } from './indexListing';
import { IndexNode, indexTooltip } from './indexNode';
import { LoadMoreNode } from './loadMoreNode';
import { MessageNode } from './messageNode';
import { StableNodes } from './stableNodes';
import type { TreeNode } from './treeNode';
import { VideoNode, videoTooltip } from './videoNode';
import { oneLine } from '../../common/untrustedText';

/**
 * The listing as tree nodes. Reading the children of the root (or of an index) loads page 1 if
 * nothing is loaded yet; everything else is read from memory.
 */
export class IndexesTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly indexNodes: StableNodes<Index, IndexNode>;
  private readonly videoNodes = new Map<string, StableNodes<IndexedAsset, VideoNode>>();
  private readonly subscription: { dispose(): void };
  private readonly contributors: IndexChildContributor[] = [];

  constructor(
    private readonly listing: IndexListing,
    clock: Clock,
    private readonly formatDateTime: (instant: number) => string,
  ) {
    this.indexNodes = new StableNodes(
      (index) => this.withContributed(new IndexNode(index, clock.now())),
      (node, index) => {
        node.show(index, clock.now());
        this.withContributed(node);
      },
    );
    this.subscription = listing.onDidChange((change) => this.onListingChange(change));
  }

  /**
   * Another feature's nodes above each index's videos; disposing takes them away again. A change
   * re-reads the tree from memory: no request.
   */
  setChildContributor(contributor: IndexChildContributor): vscode.Disposable {
    this.contributors.push(contributor);
    const subscription = contributor.onDidChange(() => this.changed.fire(undefined));
    return new vscode.Disposable(() => {
      subscription.dispose();
      const at = this.contributors.indexOf(contributor);
      if (at >= 0) {
        this.contributors.splice(at, 1);
        this.changed.fire(undefined);
      }
    });
  }

  /** Asks VS Code to read the root again, e.g. when the view is shown after going stale while hidden. */
  reread(): void {
    this.changed.fire(undefined);
  }

  /** The node of a loaded index, the same object the view shows. */
  indexNode(indexId: string): IndexNode | undefined {
    const index = this.listing.findIndex(indexId);
    return index ? this.indexNodes.nodeFor(index) : undefined;
  }

  /** The node of a loaded video, the same object the view shows (or will, once it reads the index's children). */
  videoNode(indexId: string, videoId: string): VideoNode | undefined {
    const videos = this.listing.videosOf(indexId);
    const video = videos?.kind === 'loaded' ? videos.items.find((item) => item._id === videoId) : undefined;
    return video ? this.videoNodesOf(indexId).nodeFor(video) : undefined;
  }

  getTreeItem(element: TreeNode): vscode.TreeItem {
    return element;
  }

  async getChildren(element?: TreeNode): Promise<TreeNode[]> {
    if (!element) {
      if (this.listing.indexes.kind === 'stale') {
        await this.listing.firstPage();
      }
      return this.rootNodes();
    }
    if (element.kind === 'index') {
      const indexId = element.index._id;
      if (!this.listing.videosOf(indexId)) {
        await this.listing.loadVideos(indexId);
      }
      return [...this.contributedChildren(indexId), ...this.videoChildren(indexId)];
    }
    if (element.kind === 'video') {
      return this.contributedVideoChildren(element.indexId, element.video._id);
    }
    if (element.kind === 'contributed') {
      return this.contributors.flatMap((contributor) => contributor.childrenOfNode?.(element) ?? []);
    }
    return [];
  }

  getParent(element: TreeNode): TreeNode | undefined {
    if (element.kind === 'contributed' && element.parentNode) {
      return element.parentNode;
    }
    if (element.kind === 'contributed' && element.videoId !== undefined) {
      return this.videoNode(element.indexId, element.videoId);
    }
    const indexId =
      element.kind === 'video' || element.kind === 'contributed'
        ? element.indexId
        : element.kind === 'loadMore' && element.scope.kind === 'videos'
          ? element.scope.indexId
          : undefined;
    return indexId === undefined ? undefined : this.indexNodes.get(indexId);
  }

  /** VS Code asks for a tooltip only on hover; the item comes back with it. */
  resolveTreeItem<I extends vscode.TreeItem>(item: I, element: TreeNode): I {
    item.tooltip ??= tooltipFor(element, this.formatDateTime);
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  private onListingChange(change: ListingChange): void {
    switch (change.kind) {
      case 'forgotten':
        this.changed.fire(undefined);
        return;
      case 'indexes':
        if (!change.forReader) {
          this.changed.fire(undefined);
        }
        return;
      case 'videos':
        if (!change.forReader) {
          this.changed.fire(this.indexNodes.get(change.indexId));
        }
        return;
      case 'filter':
        // Its page 1 is loading; that ends in an `indexes` change.
        return;
    }
  }

  private rootNodes(): TreeNode[] {
    const state = this.listing.indexes;
    switch (state.kind) {
      case 'stale':
      case 'noKey':
        // Empty: the `viewsWelcome` content for "no key" shows.
        return [];
      case 'error':
        return state.presentation.actions.map(
          (action, i) =>
            new MessageNode(`error:${i}`, action.title, {
              icon: actionIcon(action.command),
              command: { command: action.command, title: action.title, arguments: action.arguments },
              tooltip: state.presentation.message,
            }),
        );
      case 'loaded': {
        const nodes: TreeNode[] = this.indexNodes.list(state.items);
        for (const indexId of this.videoNodes.keys()) {
          if (!this.indexNodes.get(indexId)) {
            this.videoNodes.delete(indexId);
          }
        }
        const filter = this.listing.filter;
        if (state.items.length === 0 && filter !== undefined) {
          nodes.push(
            // The whole sentence in the label: a description is the first thing a narrow view cuts.
            new MessageNode('filter:none', vscode.l10n.t('No index name contains “{0}”: click to clear the filter', oneLine(filter)), {
              icon: 'filter',
              command: { command: CommandIds.clearIndexFilter, title: vscode.l10n.t('Clear Index Filter') },
            }),
          );
        }
        if (hasMore(state)) {
          nodes.push(new LoadMoreNode({ kind: 'indexes' }, state.items.length, state.pageInfo.total_results));
        }
        return nodes;
      }
    }
  }

  private videoChildren(indexId: string): TreeNode[] {
    const state = this.listing.videosOf(indexId);
    if (!state) {
      return [];
    }
    if (state.kind === 'error') {
      return [videoErrorNode(indexId, state.presentation)];
    }
    // A video another feature already stands for (an upload still indexing) is shown once: as its node.
    const covered = new Set(this.contributors.flatMap((contributor) => [...(contributor.covers?.(indexId) ?? [])]));
    const shown = covered.size > 0 ? state.items.filter((video) => !covered.has(video._id)) : state.items;
    const videoNodes = this.videoNodesOf(indexId).list(shown);
    for (const node of videoNodes) {
      this.withVideoContributed(node);
    }
    const nodes: TreeNode[] = videoNodes;
    if (state.items.length === 0) {
      nodes.push(new MessageNode(`${indexId}/empty`, vscode.l10n.t('No videos yet'), { icon: 'info' }));
    }
    if (hasMore(state)) {
      nodes.push(new LoadMoreNode({ kind: 'videos', indexId }, state.items.length, state.pageInfo.total_results));
    }
    return nodes;
  }

  private contributedChildren(indexId: string): TreeNode[] {
    return this.contributors.flatMap((contributor) => contributor.childrenOf(indexId));
  }

  private contributedVideoChildren(indexId: string, videoId: string): TreeNode[] {
    return this.contributors.flatMap((contributor) => contributor.childrenOfVideo?.(indexId, videoId) ?? []);
  }

  /** A video expands only while another feature shows something under it (its analyses); it folds flat again once none is left. */
  private withVideoContributed(node: VideoNode): void {
    const has = this.contributedVideoChildren(node.indexId, node.video._id).length > 0;
    if (!has) {
      node.collapsibleState = vscode.TreeItemCollapsibleState.None;
    } else if (node.collapsibleState === vscode.TreeItemCollapsibleState.None) {
      node.collapsibleState = vscode.TreeItemCollapsibleState.Collapsed;
    }
  }

  private videoNodesOf(indexId: string): StableNodes<IndexedAsset, VideoNode> {
    let nodes = this.videoNodes.get(indexId);
    if (!nodes) {
      nodes = new StableNodes(
        (video) => new VideoNode(indexId, video),
        (node, video) => node.show(video),
      );
      this.videoNodes.set(indexId, nodes);
    }
    return nodes;
  }

  /** An index without videos still expands when another feature shows something under it (an upload). */
  private withContributed(node: IndexNode): IndexNode {
    if (node.collapsibleState === vscode.TreeItemCollapsibleState.None && this.contributedChildren(node.index._id).length > 0) {
      node.collapsibleState = vscode.TreeItemCollapsibleState.Expanded;
    }
    return node;
  }
}

/** A node's tooltip, built now: index and video nodes leave theirs to `resolveTreeItem`. */
export function tooltipFor(node: TreeNode, formatDateTime: (instant: number) => string): string | vscode.MarkdownString | undefined {
  switch (node.kind) {
    case 'index':
      return indexTooltip(node, formatDateTime);
    case 'video':
      return videoTooltip(node.video, formatDateTime);
    default:
      return node.tooltip;
  }
}

function videoErrorNode(indexId: string, presentation: ErrorPresentation): MessageNode {
  const retry = presentation.actions[0];
  return new MessageNode(`${indexId}/error`, presentation.message, {
    icon: 'error',
    tooltip: presentation.message,
    command: retry ? { command: retry.command, title: retry.title, arguments: retry.arguments } : undefined,
  });
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
