// Collects the edits an alignment produces, keeping only what a report can show.
import type { PathEdit } from '../domain/findings.ts';
import type { PathKey } from '../domain/scenario.ts';

/**
 * Edits kept per path check. A 1,000,000-step loop against a 5-node expectation is ~1,000,000
 * edits; the report lists the first ones and counts the rest.
 */
export const MAX_KEPT_EDITS = 200;

export interface Divergence {
  index: number;
  /** The expected node at that point; null when the expectation had already ended (or, for excludes, names none). */
  expected: string | null;
  /** The map-form key whose check diverged there; absent for a list. */
  key?: PathKey;
}

export class EditCollector {
  readonly edits: PathEdit[] = [];
  total = 0;
  first: Divergence | undefined;
  readonly limit: number;
  private readonly key: PathKey | undefined;

  /** `key`: the map-form key these edits are for, recorded on the divergence. */
  constructor(limit: number = MAX_KEPT_EDITS, key?: PathKey) {
    this.limit = limit;
    this.key = key;
  }

  missing(node: string, index: number, after: string | null): void {
    this.note(index, node);
    if (this.edits.length < this.limit) this.edits.push({ op: 'missing', node, index, after });
  }

  /** `expected` is the expected node pending at this step, for the first divergence. */
  unexpected(node: string, index: number, expected: string | null): void {
    this.note(index, expected);
    if (this.edits.length < this.limit) this.edits.push({ op: 'unexpected', node, index });
  }

  /** An empty collector like this one (limit and key), for edits that may yet be thrown away. */
  scratch(): EditCollector {
    return new EditCollector(this.limit, this.key);
  }

  /** Takes over another collector's edits, as if they had been reported here. */
  absorb(other: EditCollector): void {
    const room = Math.max(0, this.limit - this.edits.length);
    this.edits.push(...other.edits.slice(0, room));
    this.total += other.total;
    if (other.first && (!this.first || other.first.index < this.first.index)) this.first = other.first;
  }

  private note(index: number, expected: string | null): void {
    this.total++;
    if (this.first === undefined || index < this.first.index) this.first = { index, expected, ...(this.key ? { key: this.key } : {}) };
  }
}

/** Missing before unexpected at the same step reads as "expected X, got Y"; stable otherwise. */
export function sortEdits(edits: PathEdit[]): PathEdit[] {
  return edits
    .map((edit, order) => ({ edit, order }))
    .sort((x, y) => x.edit.index - y.edit.index || rankOp(x.edit) - rankOp(y.edit) || x.order - y.order)
    .map((x) => x.edit);
}

function rankOp(edit: PathEdit): number {
  return edit.op === 'missing' ? 0 : 1;
}
