/**
 * 不满意客户档案 (001 "建立不满意客户档案"), tracked by month: the customers whose complaints opened in
 * the period were answered "dissatisfied" at a callback, one row per customer across their cases.
 */
import { casesInScope, fieldValue, groupBy, numberField, textField, type ReportCase, type ReportScope } from './report-case.js';
import type { ReportSettings } from './report-settings.js';

/** One dissatisfied customer. */
export interface DissatisfiedCustomer {
  phone: string;
  name: string | null;
  unit: string | null;
  /** Their complaints with a dissatisfied callback, oldest first. */
  cases: string[];
  /** Times those complaints were reopened after a callback. */
  reopened: number;
  /** Some of them is not closed yet (the care callback still to come). */
  open: boolean;
}

/** The dissatisfied customers of the period, most complaints first. */
export interface DissatisfiedCustomersFigure {
  customers: DissatisfiedCustomer[];
}

/** Customers of the complaints opened in the period that were marked dissatisfied. */
export function dissatisfiedCustomers(cases: ReportCase[], scope: ReportScope, settings: ReportSettings): DissatisfiedCustomersFigure {
  const names = settings.customers;
  const marked = casesInScope(cases, settings.complaints.process, scope, settings.unitField)
    .filter((item) => fieldValue(item.data, names.dissatisfiedField) === true)
    .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
  const byPhone = groupBy(marked, (item) => (textField(item.data, names.phoneField) ?? '').replace(/[^0-9+]/g, '') || item.id);
  const customers = [...byPhone.values()].map((items): DissatisfiedCustomer => {
    const latest = items[items.length - 1];
    return {
      phone: textField(latest.data, names.phoneField) ?? '',
      name: textField(latest.data, names.nameField) ?? null,
      unit: textField(latest.data, settings.unitField) ?? null,
      cases: items.map((item) => item.id),
      reopened: items.reduce((sum, item) => sum + (numberField(item.data, names.reopenedField) ?? 0), 0),
      open: items.some((item) => item.status !== 'done'),
    };
  });
  return { customers: customers.sort((a, b) => b.cases.length - a.cases.length || a.phone.localeCompare(b.phone)) };
}
