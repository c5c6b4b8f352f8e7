/**
 * Text from case data as people see it. Bidirectional controls (the right-to-left override
 * U+202E and its kin) can make a shown text read differently from what it is (`exe.txt` shown
 * for `txt.exe`), so wherever case text is displayed (case titles, CSV exports, the admin UI)
 * each one is shown as a visible mark such as `[U+202E]`. The stored text is left as it was
 * entered: the audit chain keeps exactly what was sent, and a reader still sees that a control
 * was there. Pure and dependency-free, so the admin UI uses this same function.
 */

/** Embeddings, overrides, isolates and the invisible direction marks. */
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** `text` with every bidirectional control replaced by a visible `[U+XXXX]` mark. */
export function showBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, (control) => `[U+${control.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}]`);
}

