import { ProjectorLogger } from '../projector';
import { Lease, LeaseStore } from './lease.port';

/** A piece of background work that must run on one process at a time. */
export interface LeasedWork {
  /** The lease's name, e.g. `projection/receivables`. */
  readonly name: string;
  /** Called once the lease is held. */
  start(): Promise<void>;
  /** Called when the lease is lost or given up; once it resolves, the work writes nothing more. */
  stop(): Promise<void>;
}

export type LeaseChange =
  | { readonly kind: 'acquired'; readonly name: string; readonly token: number }
  | { readonly kind: 'lost'; readonly name: string; readonly token: number; readonly reason: string }
  | { readonly kind: 'released'; readonly name: string; readonly token: number };

export interface LeaseKeeperOptions {
  readonly leases: LeaseStore;
  /** Who this process is, unique among the competitors (`<host>:<pid>:<random>`). */
  readonly holder: string;
  /** Default 15 s: how long a dead holder keeps its work from running elsewhere. */
  readonly ttlMs?: number;
  /** Default ttl / 3. */
  readonly renewEveryMs?: number;
  /** How often a lease held elsewhere is tried again; default ttl / 5, ± 20 %. */
  readonly retryEveryMs?: number;
  /** A holder that could not renew stops its work this long before the lease would lapse; default ttl / 5. */
  readonly stopMarginMs?: number;
  /** A store call not answered within this long counts as failed; default ttl / 7. */
  readonly callTimeoutMs?: number;
  readonly logger?: ProjectorLogger;
  readonly onChange?: (change: LeaseChange) => void;
  /** Monotonic milliseconds (default performance.now). */
  readonly now?: () => number;
}

interface Slot {
  readonly work: LeasedWork;
  /** Set while the work runs here under this lease. */
  lease?: Lease;
  /** Starts and stops of the work, one at a time. */
  transition: Promise<void>;
  deadline?: NodeJS.Timeout;
  pause?: { readonly timer: NodeJS.Timeout; readonly wake: () => void };
  loop?: Promise<void>;
  /** Whether the last store call failed, so a failing store is reported once per streak. */
  failing: boolean;
}

/**
 * Runs each work only while this process holds its lease: tries to acquire it, renews it every
 * ttl/3, stops the work when a renewal is refused — or, when the store cannot be reached, on its
 * own deadline, ttl/5 before the lease would lapse (with the defaults, two renewals can fail
 * before that), so the work has stopped before anyone else can take it. Another keeper takes
 * over within ttl + its retry interval (ttl/5) of the last renewal.
 * `stop()` stops the works and releases their leases, so a graceful shutdown hands them over at
 * once.
 */
export class LeaseKeeper {
  private readonly slots: Slot[];
  private readonly ttl: number;
  private readonly renewEvery: number;
  private readonly retryEvery: number;
  private readonly stopMargin: number;
  private readonly callTimeout: number;
  /** After a failed renewal, the next try comes sooner than the regular one. */
  private readonly renewRetry: number;
  private readonly now: () => number;
  private active = false;

  constructor(
    private readonly options: LeaseKeeperOptions,
    works: readonly LeasedWork[],
  ) {
    const names = works.map((work) => work.name);
    const repeated = names.find((name, i) => names.indexOf(name) !== i);
    if (repeated) throw new Error(`lease ${repeated} is named twice`);
    this.slots = works.map((work) => ({ work, transition: Promise.resolve(), failing: false }));
    this.ttl = options.ttlMs ?? 15_000;
    this.renewEvery = options.renewEveryMs ?? Math.floor(this.ttl / 3);
    this.retryEvery = options.retryEveryMs ?? Math.floor(this.ttl / 5);
    this.stopMargin = options.stopMarginMs ?? Math.floor(this.ttl / 5);
    this.callTimeout = options.callTimeoutMs ?? Math.floor(this.ttl / 7);
    this.renewRetry = Math.max(1, Math.floor(this.ttl / 15));
    this.now = options.now ?? (() => performance.now());
    if (this.renewEvery + this.callTimeout >= this.ttl - this.stopMargin) {
      throw new Error(`leases: renewing every ${this.renewEvery} ms with calls of up to ${this.callTimeout} ms leaves no renewal before the deadline (ttl ${this.ttl} ms − margin ${this.stopMargin} ms)`);
    }
  }

  get holder(): string {
    return this.options.holder;
  }

  /** Names of the leases held here, their works running. */
  held(): string[] {
    return this.slots.filter((slot) => slot.lease).map((slot) => slot.work.name);
  }

  /** Makes a first attempt at every lease and starts what it got; then keeps trying and renewing in the background. */
  async start(): Promise<void> {
    if (this.active) return;
    this.active = true;
    await Promise.all(
      this.slots.map(async (slot) => {
        await this.step(slot);
        slot.loop = this.loop(slot);
      }),
    );
    await Promise.all(this.slots.map((slot) => slot.transition));
  }

  /** Stops every work held here and releases its lease, so another process takes it over at once. */
  async stop(): Promise<void> {
    if (!this.active) return;
    this.active = false;
    for (const slot of this.slots) slot.pause?.wake();
    await Promise.all(this.slots.map((slot) => slot.loop));
    await Promise.all(
      this.slots.map(async (slot) => {
        const lease = slot.lease;
        if (!lease) return;
        this.disarm(slot);
        slot.lease = undefined;
        await this.serially(slot, () => slot.work.stop()).catch((error: unknown) => this.log('error', `${slot.work.name}: did not stop cleanly`, { lease: slot.work.name, error: String(error) }));
        try {
          await this.call(this.options.leases.release(slot.work.name, this.holder));
          this.log('info', `lease released: ${slot.work.name}`, { lease: slot.work.name, token: lease.token, holder: this.holder });
          this.options.onChange?.({ kind: 'released', name: slot.work.name, token: lease.token });
        } catch (error) {
          this.log('warn', `lease ${slot.work.name} not released (it lapses by itself)`, { lease: slot.work.name, error: String(error) });
        }
      }),
    );
  }

  /**
   * What a killed process does: stops renewing and watching, and leaves every work and lease as
   * they are. For tests that need a holder to die without a word.
   */
  halt(): void {
    this.active = false;
    for (const slot of this.slots) {
      this.disarm(slot);
      if (slot.pause) clearTimeout(slot.pause.timer);
    }
  }

  private async loop(slot: Slot): Promise<void> {
    while (this.active) {
      const wait = slot.lease ? (slot.failing ? this.renewRetry : this.renewEvery) : this.retryEvery * (0.8 + 0.4 * Math.random());
      await this.pause(slot, wait);
      if (!this.active) return;
      await this.step(slot);
    }
  }

  /** One acquire (or renew, when held) and what follows from its answer. */
  private async step(slot: Slot): Promise<void> {
    const { name } = slot.work;
    const held = slot.lease;
    const askedAt = this.now();
    let lease: Lease | undefined;
    try {
      lease = await this.call(held ? this.options.leases.renew(name, this.holder, this.ttl) : this.options.leases.acquire(name, this.holder, this.ttl));
      slot.failing = false;
    } catch (error) {
      if (!slot.failing) this.log('warn', `lease store unreachable for ${name}${held ? '; the work stops before the lease lapses unless a renewal gets through' : ''}`, { lease: name, error: String(error) });
      slot.failing = true;
      return;
    }
    if (!this.active || slot.lease !== held) {
      // Shutting down, or the deadline fired meanwhile (the next step starts afresh). A lease just taken is handed back.
      if (!this.active && lease && !held) await this.call(this.options.leases.release(name, this.holder)).catch(() => undefined);
      return;
    }
    if (!lease) {
      if (held) await this.lose(slot, 'the store refused the renewal: the lease expired or was taken');
      return;
    }
    // The store's expiry is at least ttl after the request left, so the deadline counts from then.
    const stopAt = askedAt + this.ttl - this.stopMargin;
    if (stopAt <= this.now()) return; // granted too late to use safely: the held lease's own deadline decides
    this.arm(slot, stopAt);
    if (!held) this.begin(slot, lease);
  }

  private begin(slot: Slot, lease: Lease): void {
    const { name } = slot.work;
    slot.lease = lease;
    this.log('info', `lease acquired: running ${name}`, { lease: name, token: lease.token, holder: this.holder });
    this.options.onChange?.({ kind: 'acquired', name, token: lease.token });
    void this.serially(slot, () => slot.work.start()).catch(async (error: unknown) => {
      this.log('error', `${name} did not start; releasing its lease`, { lease: name, error: error instanceof Error ? error.stack : String(error) });
      if (slot.lease !== lease) return;
      this.disarm(slot);
      slot.lease = undefined;
      await this.serially(slot, () => slot.work.stop()).catch(() => undefined);
      await this.call(this.options.leases.release(name, this.holder)).catch(() => undefined);
    });
  }

  private async lose(slot: Slot, reason: string): Promise<void> {
    const lease = slot.lease;
    if (!lease) return;
    this.disarm(slot);
    slot.lease = undefined;
    const { name } = slot.work;
    this.log('warn', `lease lost: stopping ${name}`, { lease: name, token: lease.token, holder: this.holder, reason });
    await this.serially(slot, () => slot.work.stop()).catch((error: unknown) => this.log('error', `${name}: did not stop cleanly`, { lease: name, error: String(error) }));
    this.options.onChange?.({ kind: 'lost', name, token: lease.token, reason });
  }

  /** The local deadline: past it, this process may no longer count on the lease, renewed or not. */
  private arm(slot: Slot, at: number): void {
    this.disarm(slot);
    slot.deadline = setTimeout(() => void this.lose(slot, 'no renewal got through before the deadline'), Math.max(0, at - this.now()));
  }

  private disarm(slot: Slot): void {
    clearTimeout(slot.deadline);
    slot.deadline = undefined;
  }

  private serially(slot: Slot, work: () => Promise<void>): Promise<void> {
    const next = slot.transition.then(work);
    slot.transition = next.catch(() => undefined);
    return next;
  }

  private pause(slot: Slot, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        slot.pause = undefined;
        resolve();
      };
      const timer = setTimeout(wake, ms);
      slot.pause = { timer, wake };
    });
  }

  /** A store call that hangs must not hold the loop past the deadline. */
  private call<T>(operation: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the lease store did not answer within ${this.callTimeout} ms`)), this.callTimeout);
    });
    return Promise.race([operation, timeout]).finally(() => clearTimeout(timer));
  }

  private log(level: 'info' | 'warn' | 'error', message: string, context?: Record<string, unknown>): void {
    this.options.logger?.log(level, message, context);
  }
}
