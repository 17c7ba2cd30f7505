/**
 * Live runs by id, so `rerank:cancel` can reach a run started by another request.
 *
 * Over HTTP the cancel can overtake the run it cancels (two connections, no ordering), so a
 * cancel for an unknown id is remembered for a while and a run that starts with that id
 * starts cancelled. Remembered ids are bounded in number and age.
 */
const REMEMBER_MS = 60_000;
const REMEMBER_MAX = 1_000;

export class RunRegistry {
  private readonly live = new Map<string, AbortController>();
  private readonly cancelledEarly = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Registers a run; `undefined` if the id is already running. */
  start(runId: string): AbortController | undefined {
    if (this.live.has(runId)) return undefined;
    const controller = new AbortController();
    this.live.set(runId, controller);
    this.forgetOld();
    if (this.cancelledEarly.delete(runId)) controller.abort(new Error('cancelled'));
    return controller;
  }

  finish(runId: string): void {
    this.live.delete(runId);
  }

  /** True if a live run was cancelled; otherwise remembers the id for a run yet to start. */
  cancel(runId: string): boolean {
    const controller = this.live.get(runId);
    if (controller) {
      controller.abort(new Error('cancelled'));
      return true;
    }
    this.cancelledEarly.set(runId, this.now());
    this.forgetOld();
    return false;
  }

  get liveCount(): number {
    return this.live.size;
  }

  private forgetOld(): void {
    const cutoff = this.now() - REMEMBER_MS;
    for (const [id, at] of this.cancelledEarly) {
      if (at < cutoff || this.cancelledEarly.size > REMEMBER_MAX) this.cancelledEarly.delete(id);
      else break; // insertion order is time order
    }
  }
}
