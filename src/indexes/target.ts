import type { Index } from '../api/types';
import type { IndexFeature } from './feature';

/**
 * What index commands accept: the tree node they were invoked on, `{ indexId }` or an id string
 * (programmatic use), or nothing (the view's selection). Their keybindings (F2, Delete) pass
 * `{ fromKeyboard: true }`: then only a selected index counts, never the index of a selected video.
 */
export interface ResolvedTarget {
  indexId: string;
  /** The index as last loaded, when known. */
  index: Index | undefined;
}

export function resolveIndexTarget(feature: IndexFeature, arg: unknown): ResolvedTarget | undefined {
  const id = targetId(arg) ?? selectedId(feature, isKeyboard(arg));
  if (!id) {
    return undefined;
  }
  const fromArg = isNodeLike(arg) && arg.index._id === id ? arg.index : undefined;
  return { indexId: id, index: feature.tree.findIndex(id) ?? fromArg };
}

function targetId(arg: unknown): string | undefined {
  if (typeof arg === 'string' && arg.trim() !== '') {
    return arg.trim();
  }
  if (isNodeLike(arg)) {
    return arg.index._id;
  }
  if (typeof arg === 'object' && arg !== null && typeof (arg as { indexId?: unknown }).indexId === 'string') {
    return (arg as { indexId: string }).indexId;
  }
  return undefined;
}

function isKeyboard(arg: unknown): boolean {
  return typeof arg === 'object' && arg !== null && (arg as { fromKeyboard?: unknown }).fromKeyboard === true;
}

function selectedId(feature: IndexFeature, indexesOnly: boolean): string | undefined {
  for (const node of feature.view.selection) {
    if (node.kind === 'index') {
      return node.index._id;
    }
    if (node.kind === 'video' && !indexesOnly) {
      return node.indexId;
    }
  }
  return undefined;
}

function isNodeLike(arg: unknown): arg is { kind: 'index'; index: Index } {
  if (typeof arg !== 'object' || arg === null) {
    return false;
  }
  const candidate = arg as { kind?: unknown; index?: { _id?: unknown } };
  return candidate.kind === 'index' && typeof candidate.index?._id === 'string';
}
