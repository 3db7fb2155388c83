import type * as vscode from 'vscode';
import type { IndexNode } from './indexNode';
import type { LoadMoreNode } from './loadMoreNode';
import type { MessageNode } from './messageNode';
import type { VideoNode } from './videoNode';

/** A node another feature shows under an index (an upload's task); see `IndexesTree.setChildContributor`. */
export interface ContributedNode extends vscode.TreeItem {
  readonly kind: 'contributed';
  readonly indexId: string;
}

export type TreeNode = IndexNode | VideoNode | LoadMoreNode | MessageNode | ContributedNode;
