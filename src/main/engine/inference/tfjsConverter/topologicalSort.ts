// ONNX requires nodes in topological order, TF.js model.json does not (faceres-deep lists
// consumers before their producers). Kahn's algorithm, stable: among ready nodes the one that came
// first in the file goes first, so the output is deterministic and close to the original order.

export interface TopologicalItem {
  name: string;
  /** Names of the items this one reads; names not in the item set (graph inputs) are ignored. */
  dependencies: readonly string[];
}

export function sortTopologically<T extends TopologicalItem>(items: readonly T[]): T[] {
  const indexByName = new Map<string, number>();
  items.forEach((item, index) => indexByName.set(item.name, index));

  const remainingDependencies = new Array<number>(items.length).fill(0);
  const dependents: number[][] = items.map(() => []);
  items.forEach((item, index) => {
    const unique = new Set(item.dependencies);
    for (const dependency of unique) {
      const dependencyIndex = indexByName.get(dependency);
      if (dependencyIndex === undefined || dependencyIndex === index) continue;
      remainingDependencies[index] = (remainingDependencies[index] ?? 0) + 1;
      dependents[dependencyIndex]?.push(index);
    }
  });

  // A binary heap keyed by original index keeps the sort stable in O(n log n).
  const ready: number[] = [];
  const push = (value: number): void => {
    ready.push(value);
    let child = ready.length - 1;
    while (child > 0) {
      const parent = (child - 1) >> 1;
      if ((ready[parent] ?? 0) <= value) break;
      ready[child] = ready[parent] ?? 0;
      child = parent;
    }
    ready[child] = value;
  };
  const pop = (): number => {
    const top = ready[0] ?? 0;
    const last = ready.pop() ?? 0;
    if (ready.length === 0) return top;
    // Sift `last` down from the root into the hole left by `top`.
    let parent = 0;
    for (;;) {
      const left = parent * 2 + 1;
      if (left >= ready.length) break;
      const right = left + 1;
      const child = right < ready.length && (ready[right] ?? 0) < (ready[left] ?? 0) ? right : left;
      if ((ready[child] ?? 0) >= last) break;
      ready[parent] = ready[child] ?? 0;
      parent = child;
    }
    ready[parent] = last;
    return top;
  };

  remainingDependencies.forEach((count, index) => {
    if (count === 0) push(index);
  });
  const sorted: T[] = [];
  while (ready.length > 0) {
    const index = pop();
    const item = items[index];
    if (item === undefined) continue;
    sorted.push(item);
    for (const dependent of dependents[index] ?? []) {
      const left = (remainingDependencies[dependent] ?? 0) - 1;
      remainingDependencies[dependent] = left;
      if (left === 0) push(dependent);
    }
  }
  if (sorted.length !== items.length) {
    const stuck = items
      .filter((_, index) => (remainingDependencies[index] ?? 0) > 0)
      .map((item) => item.name);
    throw new Error(`the graph has a cycle through: ${stuck.slice(0, 5).join(', ')}`);
  }
  return sorted;
}
