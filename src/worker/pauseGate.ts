/**
 * Pause, resume and step for a running search. The decode loops await `between()` after
 * every step (a macrotask turn, so messages such as pause or cancel are taken in); while
 * paused it waits there, and `step(n)` lets n more decoding steps through before holding
 * again. An abort always releases it, so a paused run can be cancelled.
 */
import { yieldToEventLoop } from "./yieldToEventLoop";

export class PauseGate {
  private paused = false;
  private allowance = 0;
  private wake: (() => void)[] = [];

  get isPaused(): boolean {
    return this.paused;
  }

  pause(): void {
    this.paused = true;
    this.allowance = 0;
  }

  resume(): void {
    this.paused = false;
    this.release();
  }

  /** While paused: let `steps` more decoding steps run, then hold again. */
  step(steps: number): void {
    if (!this.paused) return;
    this.allowance += Math.max(1, Math.floor(steps));
    this.release();
  }

  /** Ends any pause (a new run starts unpaused). */
  reset(): void {
    this.resume();
  }

  /** Awaited between decoding steps. */
  async between(signal: AbortSignal): Promise<void> {
    await yieldToEventLoop();
    while (this.paused && this.allowance === 0 && !signal.aborted) {
      await new Promise<void>((resolve) => {
        this.wake.push(resolve);
        signal.addEventListener("abort", () => resolve(), { once: true });
      });
    }
    if (this.paused && this.allowance > 0) this.allowance--;
  }

  private release(): void {
    const waiting = this.wake;
    this.wake = [];
    waiting.forEach((w) => w());
  }
}
