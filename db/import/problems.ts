import type { Refusal } from "../../domain/outcome";
import { LISTS } from "./parse";

/** Every problem an import finds, each `path: message`, with the spec's rule ID where one applies. */
export class Problems {
  private readonly items: string[];

  constructor(initial: string[] = []) {
    this.items = [...initial];
  }

  get count(): number {
    return this.items.length;
  }

  add(path: string, message: string, rule?: string): void {
    const text = rule ? `${message.replace(/\.\s*$/, "")} (${rule})` : message;
    this.items.push(`${path}: ${text}`);
  }

  /** A refusal from the domain, under the field of the record it concerns. */
  refusal(path: string, refusal: Refusal, note?: string): void {
    const rule = refusal.rule === "input" ? undefined : note ? `${refusal.rule}, ${note}` : refusal.rule;
    this.add(path, refusal.message, rule);
  }

  /** In document order (list, then record), so a long report reads top to bottom like the file. */
  sorted(): string[] {
    const rank = (p: string): [number, number] => {
      const m = /^(\w+)(?:\[(\d+)\])?/.exec(p);
      const list = m ? LISTS.indexOf(m[1] as (typeof LISTS)[number]) : -1;
      return [list < 0 ? -1 : list, m?.[2] ? Number(m[2]) : -1];
    };
    return this.items
      .map((p, i) => ({ p, i, r: rank(p) }))
      .sort((a, b) => a.r[0] - b.r[0] || a.r[1] - b.r[1] || a.i - b.i)
      .map((x) => x.p);
  }
}
