/** A problem found in a process file, pointing into its YAML text (1-based line and column). */
export interface Diagnostic {
  line: number;
  column: number;
  /** Path in the document: `states.received.on.reply.to`. */
  path: string;
  message: string;
  severity: 'error' | 'warning';
  /** File the diagnostic is about when not the YAML itself (a template file). */
  file?: string;
  /** Other places the problem involves: the `use` of the block a problem lies in. */
  related?: RelatedPlace[];
}

/** A second place of a diagnostic, such as where the block it lies in is used. */
export interface RelatedPlace {
  line: number;
  column: number;
  path: string;
  message: string;
}
