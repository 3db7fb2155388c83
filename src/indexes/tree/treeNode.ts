import type { ContributedNode } from './contract';
import type { IndexNode } from './indexNode';
import type { LoadMoreNode } from './loadMoreNode';
import type { MessageNode } from './messageNode';
import type { VideoNode } from './videoNode';

export type { ContributedNode };

export type TreeNode = IndexNode | VideoNode | LoadMoreNode | MessageNode | ContributedNode;
