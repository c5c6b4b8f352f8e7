/** Auditors' start page: whole-database chain verification and the cases to replay. */
import { useState, type FormEvent } from 'react';
import { client, ok } from '../api.js';
import { CaseName } from '../components/case-name.js';
import { Notice, errorText } from '../components/notice.js';
import { pickLabel, useI18n } from '../i18n/index.js';
import { formatTime } from '../lib/clock.js';
import { useProcessDefinitions, useProcessSummaries } from '../lib/processes.js';
import { useApi } from '../lib/use-api.js';
import { Link } from '../router.js';
import type { ChainVerification } from '../types.js';

/** What the check said about the admin log and the sealed checkpoints. */
function AuditParts({ verification }: { verification: ChainVerification }) {
  const { t, language } = useI18n();
  const { adminLog, checkpoints } = verification;
  return (
    <>
      {adminLog && (adminLog.valid
        ? <Notice kind="success">{t('audit.adminLogOk', { entries: adminLog.entriesChecked })}</Notice>
        : <Notice kind="error">{t('audit.adminLogBroken', { seq: adminLog.firstBroken?.seq ?? '?', reason: adminLog.firstBroken?.reason ?? '' })}</Notice>)}
      {checkpoints && !checkpoints.valid && (
        <Notice kind="error">{t('audit.checkpointsBroken', { checkpoint: checkpoints.firstBroken?.checkpoint ?? '?', reason: checkpoints.firstBroken?.reason ?? '' })}</Notice>
      )}
      {checkpoints?.valid && (checkpoints.latest
        ? <Notice kind="success">{t('audit.checkpointsOk', { checkpoints: checkpoints.checkpointsChecked, heads: checkpoints.headsChecked, time: formatTime(checkpoints.latest.at, language) })}</Notice>
        : <Notice kind="warning">{t('audit.noCheckpoints')}</Notice>)}
    </>
  );
}

/** The audit page. */
export function AuditPage() {
  const { t, language } = useI18n();
  const [verification, setVerification] = useState<ChainVerification>();
  const [verifyError, setVerifyError] = useState<unknown>();
  const [verifying, setVerifying] = useState(false);
  const [searchText, setSearchText] = useState('');
  const [search, setSearch] = useState('');
  const { processes } = useProcessSummaries();
  const names = new Map(processes.map((p) => [p.processId, p.name]));
  const cases = useApi(['/api/cases', { search, limit: 100 }], (signal) =>
    ok(client.GET('/api/cases', { params: { query: { search: search || undefined, limit: 100 } }, signal })));

  const byId = useProcessDefinitions(cases.data?.items.map((item) => item.processId) ?? []);
  const verify = async () => {
    setVerifying(true);
    setVerifyError(undefined);
    try {
      setVerification(await ok(client.GET('/api/audit/verify')));
    } catch (caught) {
      setVerifyError(caught);
    } finally {
      setVerifying(false);
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSearch(searchText.trim());
  };

  return (
    <section aria-labelledby="audit-title">
      <div className="page-head">
        <div>
          <h1 id="audit-title">{t('nav.audit')}</h1>
          <p className="muted">{t('audit.intro')}</p>
        </div>
        <Link to="/audit/log" className="button">{t('audit.adminLog')}</Link>
      </div>
      <div className="card verify-card">
        <button type="button" className="button-primary" onClick={() => void verify()} disabled={verifying}>
          {verifying ? t('audit.verifying') : t('audit.verify')}
        </button>
        <div aria-live="polite">
          {verifyError !== undefined && <Notice kind="error">{errorText(verifyError)}</Notice>}
          {verification && (verification.firstBroken
            ? <Notice kind="error">{t('audit.chainBroken', { caseId: verification.firstBroken.caseId, seq: verification.firstBroken.seq, reason: verification.firstBroken.reason })}</Notice>
            : <Notice kind="success">{t('audit.chainOk', { cases: verification.casesChecked, events: verification.eventsChecked })}</Notice>)}
          {verification && <AuditParts verification={verification} />}
        </div>
      </div>
      <h2>{t('audit.cases')}</h2>
      <form className="filters" role="search" onSubmit={submit}>
        <div className="field field-search">
          <label htmlFor="audit-search">{t('filter.search')}</label>
          <div className="input-row">
            <input id="audit-search" type="search" value={searchText} placeholder={t('filter.searchPlaceholder')} onChange={(e) => setSearchText(e.target.value)} />
            <button type="submit">{t('filter.go')}</button>
          </div>
        </div>
      </form>
      {cases.error !== undefined && <Notice kind="error">{errorText(cases.error)}</Notice>}
      {cases.data && cases.data.items.length === 0 && <p className="empty">{t('inbox.empty')}</p>}
      {cases.data && cases.data.items.length > 0 && (
        <div className="table-scroll">
          <table className="cases">
            <thead>
              <tr>
                <th scope="col">{t('col.case')}</th>
                <th scope="col">{t('filter.process')}</th>
                <th scope="col">{t('filter.state')}</th>
                <th scope="col">{t('col.updated')}</th>
                <th scope="col"><span className="visually-hidden">{t('audit.replay')}</span></th>
              </tr>
            </thead>
            <tbody>
              {cases.data.items.map((item) => {
                const process = byId.get(item.processId);
                return (
                  <tr key={item.id}>
                    <td className="case-cell"><CaseName item={item} /></td>
                    <td>{pickLabel(names.get(item.processId) ?? item.processId, language)}</td>
                    <td><span className="state-pill">{pickLabel(process?.stateLabels.get(item.state) ?? item.state, language)}</span></td>
                    <td>{formatTime(item.updatedAt, language)}</td>
                    <td><Link to={`/audit/cases/${encodeURIComponent(item.id)}`} className="button">{t('audit.replay')}</Link></td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
