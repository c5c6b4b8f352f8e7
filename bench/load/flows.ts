/**
 * The request sequences the load generator drives: the complaint flow on Caseflow's API, the
 * same flow on the bpmn-engine peer, and the bare JSON POST of the HTTP ceiling.
 */

/** One HTTP request of a flow. */
export interface FlowRequest {
  path: string;
  body: string;
}

/** A flow in progress: the next request, given the answer to the previous one. */
export interface Flow {
  /** The next request, or undefined when the flow is finished. */
  next(previous: string | undefined): FlowRequest | undefined;
}

/** Which server a load run talks to. */
export type FlowKind = 'caseflow' | 'peer' | 'ceiling';

/** The registration data of the `n`th complaint. */
export const complaintData = (n: number) => ({
  customer: { name: `Customer ${n}`, phone: '13800138000' },
  channel: 'phone',
  category: 'billing',
  severity: 'normal',
  unit: 'East branch',
  description: 'Data charged twice this month',
});

/** The four steps after registration: reply, propose a small resolution, resolve, satisfied callback. */
export const COMPLAINT_STEPS: Array<{ type: string; input: Record<string, unknown> }> = [
  { type: 'reply', input: { message: 'We are looking into the double charge.' } },
  { type: 'propose', input: { type: 'refund', amount: 20, note: 'Refund the second charge' } },
  { type: 'resolve', input: {} },
  { type: 'callback', input: { satisfaction: 'satisfied' } },
];

function idOf(previous: string | undefined): string {
  const parsed: unknown = previous === undefined ? undefined : JSON.parse(previous);
  if (parsed !== null && typeof parsed === 'object' && 'id' in parsed && typeof parsed.id === 'string') return parsed.id;
  throw new Error(`the answer to the registration carries no case id: ${previous?.slice(0, 200)}`);
}

/** A complaint walked from registration to a satisfied callback; `prefix` is the API's route prefix. */
function complaintFlow(n: number, casesPath: string, withInput: boolean): Flow {
  let step = -1;
  let caseId = '';
  return {
    next(previous) {
      step++;
      if (step === 0) {
        const body = withInput ? { process: 'complaint-handling', data: complaintData(n) } : { data: complaintData(n) };
        return { path: casesPath, body: JSON.stringify(body) };
      }
      if (step === 1) caseId = idOf(previous);
      const event = COMPLAINT_STEPS[step - 1];
      if (!event) return undefined;
      return { path: `${casesPath}/${encodeURIComponent(caseId)}/events`, body: JSON.stringify(event) };
    },
  };
}

/** One POST of a small JSON body, like an event's, to the ceiling's echo route. */
function ceilingFlow(): Flow {
  let sent = false;
  return {
    next() {
      if (sent) return undefined;
      sent = true;
      return { path: '/echo', body: JSON.stringify(COMPLAINT_STEPS[0]) };
    },
  };
}

/** Makes the `n`th flow of a kind. */
export function makeFlow(kind: FlowKind, n: number): Flow {
  if (kind === 'caseflow') return complaintFlow(n, '/api/cases', true);
  if (kind === 'peer') return complaintFlow(n, '/cases', false);
  return ceilingFlow();
}
