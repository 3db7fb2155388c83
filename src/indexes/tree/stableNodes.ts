/**
 * One node object per id for as long as the id is listed. VS Code's `reveal` and `getParent` work on
 * element identity, so a node rebuilt on every read would not be the one a command holds.
 */
export class StableNodes<T extends { _id: string }, N> {
  private readonly nodes = new Map<string, N>();

  constructor(
    private readonly create: (item: T) => N,
    private readonly update: (node: N, item: T) => void,
  ) {}

  get(id: string): N | undefined {
    return this.nodes.get(id);
  }

  nodeFor(item: T): N {
    const known = this.nodes.get(item._id);
    if (known) {
      this.update(known, item);
      return known;
    }
    const node = this.create(item);
    this.nodes.set(item._id, node);
    return node;
  }

  /** The nodes of exactly `items`, in order; the nodes of items no longer listed are let go. */
  list(items: readonly T[]): N[] {
    const nodes = items.map((item) => this.nodeFor(item));
    const listed = new Set(items.map((item) => item._id));
    for (const id of this.nodes.keys()) {
      if (!listed.has(id)) {
        this.nodes.delete(id);
      }
    }
    return nodes;
  }
}
