import { compareIds } from './compare-ids.js';

/** A binary min-heap of unique ids, for Kahn's algorithm with smallest-id tie breaking. */
export class IdMinHeap {
  private readonly items: string[] = [];

  get size(): number {
    return this.items.length;
  }

  push(id: string): void {
    const items = this.items;
    items.push(id);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = items[parent] as string;
      if (compareIds(p, id) <= 0) break;
      items[i] = p;
      i = parent;
    }
    items[i] = id;
  }

  pop(): string | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined || items.length === 0) return top;
    const n = items.length;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      let child = left;
      if (right < n && compareIds(items[right] as string, items[left] as string) < 0) child = right;
      const c = items[child] as string;
      if (compareIds(last, c) <= 0) break;
      items[i] = c;
      i = child;
    }
    items[i] = last;
    return top;
  }
}
