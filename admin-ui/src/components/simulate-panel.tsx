/** Simulation of a draft process in the editor: available only when the server offers it. */
import { Notice } from './notice.js';
import { useI18n } from '../i18n/index.js';

/** Props: the draft text and whether it is free of errors. */
export interface SimulatePanelProps {
  yaml: string;
  valid: boolean;
}

/** Says what simulation needs until the server has a simulation endpoint. */
export function SimulatePanel({ yaml, valid }: SimulatePanelProps) {
  const { t } = useI18n();
  return (
    <div className="simulate" data-lines={yaml.split('\n').length} data-valid={valid}>
      <Notice kind="info">{t('editor.simulateMissing')}</Notice>
    </div>
  );
}
