// Types of scripts/size-lib.mjs, for the unit test that holds the syncs to their budget.

export declare const root: string;
/** The budget of each adapter's browser sync: 2 KB, gzipped. */
export declare const SYNC_BUDGET_GZIPPED: number;

/** One adapter's browser side, as a page imports it. */
export interface SyncEntry {
  adapter: string;
  /** The folder under packages/ the app's module is resolved from. */
  dir: string;
  /** The entry the page imports (Markdown). */
  entry: string;
  /** What the page imports from it (Markdown). */
  imports: string;
  /** The app's module. */
  code: string;
  /** The built files it needs, relative to the package. */
  dist: string[];
  /** The gzipped size it may not grow past while it is over the budget (lowered as it shrinks). */
  ceiling: number;
  /** Under the budget: held to the budget itself, not to its ceiling. */
  heldToBudget?: boolean;
}

export interface SyncMeasure {
  adapter: string;
  entry: string;
  imports: string;
  /** What the page loads with the sync (the entry and what it imports statically): minified, and gzipped against the budget. */
  minified: number;
  gzipped: number;
  /** What the sync loads later with import() (the refresh chunk), minified and gzipped chunk by chunk; not in the budget. */
  lazyMinified: number;
  lazyGzipped: number;
  budget: number;
  ceiling: number;
  heldToBudget: boolean;
  ok: boolean;
  /** The files bundled, relative to the root. */
  inputs: string[];
}

export interface BootMeasure {
  person: string;
  gate: string;
  raw: number;
  gzipped: number;
}

export declare const SYNCS: SyncEntry[];
export declare const BOOT_GATES: { label: string; options: Record<string, string> }[];
export declare const BOOT_PEOPLE: { label: string; mode: 'jwt' | 'user_hash'; user: Record<string, unknown> | null }[];
export declare function missingBuilds(): string[];
export declare function sizes(bytes: string | Uint8Array): { raw: number; gzipped: number };
export declare function measureSync(sync: SyncEntry): Promise<SyncMeasure>;
export declare function measureSyncs(): Promise<SyncMeasure[]>;
export declare function measureBoot(): Promise<BootMeasure[]>;
export declare function syncTable(rows: SyncMeasure[]): string;
export declare function bootTable(rows: BootMeasure[]): string;
