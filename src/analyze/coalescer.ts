/**
 * Appends streamed text to a document with as few edits as keep up with it: the first chunk goes out
 * at once, and every chunk that arrives while an edit is on its way goes out together in the next
 * one. So the editor is never more than one edit behind the stream, however fast it comes, and no
 * edit waits on a timer. `apply` appends at the document's end, which costs the same whatever the
 * document's length. Pure (the edit is a parameter), for the unit tests.
 */

export interface AppendTiming {
  /** For each chunk that this edit put on screen: ms from its arrival to the edit's completion. */
  latenciesMs: number[];
  /** When the edit completed (the clock's ms). */
  at: number;
  chars: number;
}

export class AppendCoalescer {
  private pending: string[] = [];
  private arrivals: number[] = [];
  private writing: Promise<void> | undefined;
  private failed: unknown;
  private edits = 0;

  constructor(
    /** Appends the text at the end of the document; resolves false (or rejects) when it could not. */
    private readonly apply: (text: string) => Thenable<boolean>,
    private readonly now: () => number,
    private readonly observe?: (timing: AppendTiming) => void,
  ) {}

  /** How many edits have been made so far. */
  get editCount(): number {
    return this.edits;
  }

  /** Whether an edit failed (the document closed): nothing more is written. */
  get broken(): boolean {
    return this.failed !== undefined;
  }

  push(text: string): void {
    if (text === '' || this.failed !== undefined) {
      return;
    }
    this.pending.push(text);
    this.arrivals.push(this.now());
    this.writing ??= this.drain();
  }

  /** Resolves once everything pushed so far is in the document (or could not be written). */
  async flushed(): Promise<void> {
    while (this.writing) {
      await this.writing;
    }
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.length > 0 && this.failed === undefined) {
        const text = this.pending.join('');
        const arrivals = this.arrivals;
        this.pending = [];
        this.arrivals = [];
        let ok: boolean;
        try {
          ok = await this.apply(text);
        } catch (error) {
          ok = false;
          this.failed = error;
        }
        this.edits++;
        if (!ok) {
          this.failed ??= new Error('The edit was not applied.');
          break;
        }
        if (this.observe) {
          const at = this.now();
          this.observe({ latenciesMs: arrivals.map((arrived) => at - arrived), at, chars: text.length });
        }
      }
    } finally {
      this.writing = undefined;
    }
  }
}
