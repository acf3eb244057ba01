import { Upcaster } from './eventstore.port';

export interface UpcastResult {
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly schemaVersion: number;
}

/**
 * Brings events read from a store up to the current shape by applying, one version at a
 * time, the upcaster registered for (type, schemaVersion). It only ever sees freshly
 * parsed copies, so stored events stay as they were written.
 */
export class UpcasterRegistry {
  private readonly byType = new Map<string, Map<number, Upcaster>>();

  constructor(upcasters: readonly Upcaster[] = []) {
    for (const upcaster of upcasters) {
      const versions = this.byType.get(upcaster.type) ?? new Map<number, Upcaster>();
      if (versions.has(upcaster.fromVersion)) {
        throw new Error(`two upcasters for ${upcaster.type} v${upcaster.fromVersion}`);
      }
      this.byType.set(upcaster.type, versions.set(upcaster.fromVersion, upcaster));
    }
  }

  get isEmpty(): boolean {
    return this.byType.size === 0;
  }

  /** Returns the input itself when nothing applies, so the common case allocates nothing. */
  upcast(event: UpcastResult): UpcastResult {
    let current = event;
    // Each step raises the version, so the loop ends even when an upcaster renames the type.
    for (;;) {
      const upcaster = this.byType.get(current.type)?.get(current.schemaVersion);
      if (!upcaster) return current;
      const next = upcaster.upcast({ type: current.type, data: current.data });
      current = { type: next.type, data: next.data, schemaVersion: current.schemaVersion + 1 };
    }
  }
}
