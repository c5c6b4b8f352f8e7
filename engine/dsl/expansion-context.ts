/** What the steps that read away blocks, conditions and values share: positions and problems. */
import type { Diagnostic } from './diagnostic.js';
import type { ExpandedLocator } from './expanded-locator.js';
import type { DocPath, LocateOptions } from './source-map.js';

/** Shared state of one expansion. */
export interface ExpansionContext {
  locator: ExpandedLocator;
  diagnostics: Diagnostic[];
  /** Records a problem at a path of the expanded definition. */
  report(path: DocPath, severity: Diagnostic['severity'], message: string, options?: LocateOptions): void;
}
