/**
 * Line diff between two versions of a process (or a version and the editor's draft), with
 * line numbers on both sides and long unchanged stretches folded.
 */
import { useMemo, useState } from 'react';
import { diffLines } from 'diff';
import { useI18n } from '../i18n/index.js';
import { useVersion } from '../lib/processes.js';
import type { ProcessSummary } from '../types.js';

/** One row of the diff table. */
export interface DiffRow {
  kind: 'same' | 'added' | 'removed' | 'fold';
  oldLine?: number;
  newLine?: number;
  text: string;
}

/** Computes diff rows, folding unchanged runs longer than `context * 2` lines. */
export function diffRows(before: string, after: string, context = 3): DiffRow[] {
  const rows: DiffRow[] = [];
  let oldLine = 1;
  let newLine = 1;
  const changes = diffLines(before, after);
  changes.forEach((change, index) => {
    const lines = change.value.replace(/\n$/, '').split('\n');
    if (change.added) for (const text of lines) rows.push({ kind: 'added', newLine: newLine++, text });
    else if (change.removed) for (const text of lines) rows.push({ kind: 'removed', oldLine: oldLine++, text });
    else {
      const same = lines.map((text): DiffRow => ({ kind: 'same', oldLine: oldLine++, newLine: newLine++, text }));
      const head = index === 0 ? [] : same.slice(0, context);
      const tail = index === changes.length - 1 ? [] : same.slice(Math.max(same.length - context, head.length));
      const hidden = same.length - head.length - tail.length;
      if (hidden > 1) rows.push(...head, { kind: 'fold', text: String(hidden) }, ...tail);
      else rows.push(...same);
    }
  });
  return rows;
}

/** Props: the versions to choose from and the current draft. */
export interface VersionDiffProps {
  processId?: string;
  versions: ProcessSummary[];
  draft: string;
}

/** The YAML of one version (`draft` is the editor's text); undefined while loading. */
function useVersionText(processId: string | undefined, key: string, draft: string): string | undefined {
  const resource = useVersion(key === 'draft' ? undefined : processId, Number(key));
  if (key === 'draft') return draft;
  return resource.data?.version === Number(key) ? resource.data.yaml : undefined;
}

/** Two pickers and the diff between the chosen texts. */
export function VersionDiff({ processId, versions, draft }: VersionDiffProps) {
  const { t } = useI18n();
  const sorted = [...versions].sort((a, b) => b.version - a.version);
  const [from, setFrom] = useState(String(sorted[1]?.version ?? sorted[0]?.version ?? 'draft'));
  const [to, setTo] = useState('draft');
  const before = useVersionText(processId, from, draft);
  const after = useVersionText(processId, to, draft);
  const options = [
    <option key="draft" value="draft">{t('diff.draft')}</option>,
    ...sorted.map((v) => <option key={v.version} value={String(v.version)}>{t('processes.version', { n: v.version })}{v.message ? ` — ${v.message}` : ''}</option>),
  ];
  return (
    <div className="version-diff">
      <div className="diff-pickers">
        <div className="field">
          <label htmlFor="diff-from">{t('diff.from')}</label>
          <select id="diff-from" value={from} onChange={(e) => setFrom(e.target.value)}>{options}</select>
        </div>
        <div className="field">
          <label htmlFor="diff-to">{t('diff.to')}</label>
          <select id="diff-to" value={to} onChange={(e) => setTo(e.target.value)}>{options}</select>
        </div>
      </div>
      {before === undefined || after === undefined ? <p>{t('common.loading')}</p> : <DiffTable before={before} after={after} />}
    </div>
  );
}

/** The line diff of two texts, with a count of lines added and removed. */
export function DiffTable({ before, after }: { before: string; after: string }) {
  const { t } = useI18n();
  const rows = useMemo(() => diffRows(before, after), [before, after]);
  const added = rows.filter((r) => r.kind === 'added').length;
  const removed = rows.filter((r) => r.kind === 'removed').length;
  if (added + removed === 0) return <p className="muted">{t('diff.same')}</p>;
  return (
    <>
      <p className="muted" role="status">{t('diff.summary', { added, removed })}</p>
      <div className="diff-scroll">
        <table className="diff">
          <tbody>
            {rows.map((row, i) => row.kind === 'fold' ? (
              <tr key={i} className="diff-fold"><td colSpan={4}>⋯ {t('diff.fold', { n: row.text })}</td></tr>
            ) : (
              <tr key={i} className={`diff-${row.kind}`}>
                <td className="diff-num">{row.oldLine ?? ''}</td>
                <td className="diff-num">{row.newLine ?? ''}</td>
                <td className="diff-mark" aria-hidden="true">{row.kind === 'added' ? '+' : row.kind === 'removed' ? '−' : ' '}</td>
                <td className="diff-text"><span className="visually-hidden">{row.kind === 'added' ? '+' : row.kind === 'removed' ? '-' : ''}</span>{row.text}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
